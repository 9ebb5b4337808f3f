using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Loads the first YAML document into <see cref="YamlValue"/>s from YamlDotNet's parser events, reproducing what
/// GitLab's loader (Psych <c>safe_load</c> with aliases) yields: Psych scalar types, anchors and aliases, merge keys
/// with Psych's order (a later key overrides, <c>&lt;&lt;: [*a, *b]</c> lets <c>*a</c> win), duplicate keys (last
/// wins, first position). Aliases share nodes; the expanded size — nodes and characters — is bounded so "billion
/// laughs" input fails fast, before anything downstream (job scripts, their JSON) could expand it.
/// YAML errors read like Psych's: <c>(&lt;unknown&gt;): problem context at line L column C</c>.
/// </summary>
internal static partial class YamlTreeReader
{
    /// <summary>GitLab's <c>MAX_YAML_DEPTH</c>.</summary>
    public const int MaxDepth = 100;

    /// <summary>Nodes after expanding every alias.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>Characters of all scalars after expanding every alias: 8 times what the largest file can spell out.</summary>
    public const long MaxExpandedLength = 8L * 1024 * 1024;

    public const string TooBig = "The parsed YAML is too big";

    private const string StringTag = "tag:yaml.org,2002:str";
    private const string ReferenceTag = "!reference";

    /// <summary>The first document's root value, or null when the stream holds no document.</summary>
    public static YamlValue? Read(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var frames = new Stack<YamlCollectionBuilder>();
        var anchors = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        YamlValue? root = null;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case Scalar scalar:
                        var value = ToValue(scalar);
                        Remember(anchors, scalar.Anchor, value);
                        Add(frames, value, isAlias: false, IsMergeKey(frames, scalar), scalar.Start, ref root);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new CiConfigException($"An alias referenced an unknown anchor: {alias.Value.Value}");
                        }

                        Add(frames, target, isAlias: true, isMergeKey: false, alias.Start, ref root);
                        break;
                    case SequenceStart start:
                        RejectReference(start.Tag);
                        Push(frames, new YamlCollectionBuilder(isMapping: false, start.Start, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                        break;
                    case MappingStart start:
                        RejectReference(start.Tag);
                        Push(frames, new YamlCollectionBuilder(isMapping: true, start.Start, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                        break;
                    case SequenceEnd or MappingEnd:
                        var frame = frames.Pop();
                        var node = frame.Complete();
                        if (frame.Anchor is not null)
                        {
                            anchors[frame.Anchor] = node;
                        }

                        Add(frames, node, isAlias: false, isMergeKey: false, frame.Start, ref root);
                        break;
                    case DocumentEnd:
                        return root;
                }
            }
        }
        catch (YamlException e)
        {
            throw new CiConfigException(PsychMessage(e, frames));
        }

        return root;
    }

    private static YamlScalar ToValue(Scalar scalar)
    {
        RejectReference(scalar.Tag);
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        var forcedString = tag is StringTag or "!";
        return scalar.Style == ScalarStyle.Plain && !forcedString
            ? PsychScalar.Resolve(scalar.Value)
            : new YamlScalar(ScalarKind.String, scalar.Value);
    }

    private static void RejectReference(TagName tag)
    {
        if (!tag.IsEmpty && tag.Value == ReferenceTag)
        {
            throw new CiConfigException("!reference tags are not supported yet");
        }
    }

    private static void Remember(Dictionary<string, YamlValue> anchors, AnchorName anchor, YamlValue value)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value;
        }
    }

    // Psych treats "<<" as a merge key unless it is explicitly tagged !!str.
    private static bool IsMergeKey(Stack<YamlCollectionBuilder> frames, Scalar scalar) =>
        frames.TryPeek(out var top) && top.IsMapping && !top.HasKey && scalar.Value == "<<"
        && (scalar.Tag.IsEmpty || scalar.Tag.Value != StringTag);

    private static void Push(Stack<YamlCollectionBuilder> frames, YamlCollectionBuilder frame)
    {
        if (frames.Count + 1 > MaxDepth)
        {
            throw new CiConfigException(TooBig);
        }

        frames.Push(frame);
    }

    private static void Add(Stack<YamlCollectionBuilder> frames, YamlValue value, bool isAlias, bool isMergeKey, Mark at, ref YamlValue? root)
    {
        if (value.ExpandedSize > MaxExpandedNodes || value.ExpandedLength > MaxExpandedLength || value.Depth + frames.Count > MaxDepth)
        {
            throw new CiConfigException(TooBig);
        }

        if (!frames.TryPeek(out var top))
        {
            root = value;
            return;
        }

        top.Add(value, isAlias, isMergeKey, at);
        if (top.ExpandedSize > MaxExpandedNodes || top.ExpandedLength > MaxExpandedLength)
        {
            throw new CiConfigException(TooBig);
        }
    }

    private static string PsychMessage(YamlException e, Stack<YamlCollectionBuilder> frames)
    {
        var text = MarkPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        var start = e.Start;
        var match = WhileContext().Match(text);
        if (match.Success)
        {
            var context = "while " + match.Groups[1].Value;
            text = match.Groups[2].Value + " " + context;

            // libyaml reports the start of the collection being parsed (its context mark), as Psych shows it.
            var open = context switch
            {
                "while parsing a block mapping" => frames.FirstOrDefault(f => f.IsMapping),
                "while parsing a block collection" => frames.FirstOrDefault(f => !f.IsMapping),
                _ => null,
            };
            if (open is not null)
            {
                start = open.Start;
            }
        }

        // YamlDotNet words two libyaml scanner errors differently; Psych users know libyaml's words.
        text = text switch
        {
            "found invalid mapping while scanning a plain scalar value" => "mapping values are not allowed in this context",
            "found invalid tab as indentation while scanning a mapping" => "found character that cannot start any token while scanning for the next token",
            _ => text,
        };
        if (text.Length > 0)
        {
            text = char.ToLowerInvariant(text[0]) + text[1..];
        }

        return $"(<unknown>): {text} at line {start.Line} column {start.Column}";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex("^While (.+?), (.+)$", RegexOptions.Singleline)]
    private static partial Regex WhileContext();
}
