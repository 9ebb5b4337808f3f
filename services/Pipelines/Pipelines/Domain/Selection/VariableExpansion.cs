using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// GitLab's <c>Collection#sort_and_expand_all</c> (reference §6.5, §7.21): <c>$NAME</c>, <c>${NAME}</c> and <c>%NAME%</c>
/// references are replaced in dependency order (out-of-order definitions work); <c>$$</c> and <c>%%</c> stay for the
/// runner; raw variables are not expanded; undefined references are removed or kept; a cycle leaves the collection
/// unexpanded with the error <c>circular variable reference detected: ["A", "B"]</c>.
/// </summary>
internal static class VariableExpansion
{
    private static readonly Regex Reference = new(
        @"\$\$|%%|\$(?<key>[a-zA-Z_][a-zA-Z0-9_]*)|\$\{(?<key>[a-zA-Z_][a-zA-Z0-9_]*)?\}|%(?<key>[a-zA-Z_][a-zA-Z0-9_]*)%",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>Expands every variable; <see cref="ExpansionResult.Error"/> is set (and nothing expanded) on a cycle.</summary>
    public static ExpansionResult SortAndExpandAll(IReadOnlyList<ExpandableVariable> variables,
        bool keepUndefined = false, bool expandFileRefs = true, bool expandRawRefs = true)
    {
        var sort = new DependencyOrder(variables);
        if (sort.Cycle is { } cycle)
        {
            var keys = string.Join(", ", cycle.Select(i => "\"" + variables[i].Key + "\""));
            return new ExpansionResult(variables, $"circular variable reference detected: [{keys}]");
        }

        var expanded = new List<ExpandableVariable>();
        var byKey = new Dictionary<string, ExpandableVariable>(StringComparer.Ordinal);
        foreach (var index in sort.Order)
        {
            var variable = variables[index];
            if (!variable.Raw && DependsOn(variable).Any())
            {
                variable = variable with
                {
                    Value = Reference.Replace(variable.Value,
                        m => Substitute(m, byKey, keepUndefined, expandFileRefs, expandRawRefs)),
                };
            }

            expanded.Add(variable);
            byKey[variable.Key] = variable;
        }

        return new ExpansionResult(expanded, null);
    }

    /// <summary>GitLab's <c>ExpandVariables.expand_existing</c>: replaces defined references, keeps the others.</summary>
    public static string ExpandExisting(string value, IReadOnlyDictionary<string, string> variables) =>
        value.Contains('$', StringComparison.Ordinal) || value.Contains('%', StringComparison.Ordinal)
            ? Reference.Replace(value, m => m.Groups["key"] is { Success: true } key
                && variables.TryGetValue(key.Value, out var found) ? found : m.Value)
            : value;

    /// <summary>The collection as a dictionary: a later definition of a key wins (<c>Collection#to_hash</c>).</summary>
    public static IReadOnlyDictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in variables)
        {
            result[key] = value;
        }

        return result;
    }

    private static string Substitute(Match match, Dictionary<string, ExpandableVariable> byKey, bool keepUndefined,
        bool expandFileRefs, bool expandRawRefs)
    {
        var key = match.Groups["key"];
        if (!key.Success)
        {
            return match.Value;
        }

        if (!byKey.TryGetValue(key.Value, out var variable))
        {
            return keepUndefined ? match.Value : "";
        }

        return (variable.File && !expandFileRefs) || (variable.Raw && !expandRawRefs) ? match.Value : variable.Value;
    }

    private static IEnumerable<string> DependsOn(ExpandableVariable variable) =>
        variable.Raw
            ? []
            : Reference.Matches(variable.Value).Where(m => m.Groups["key"].Success).Select(m => m.Groups["key"].Value);

    // Ruby's TSort over the collection (Tarjan): children are the last definitions of the referenced keys; components
    // come out dependencies first, and a component of more than one variable is a cycle.
    private sealed class DependencyOrder
    {
        private readonly IReadOnlyList<ExpandableVariable> _variables;
        private readonly Dictionary<string, int> _lastByKey = new(StringComparer.Ordinal);
        private readonly int[] _index;
        private readonly int[] _lowLink;
        private readonly bool[] _onStack;
        private readonly Stack<int> _stack = new();
        private int _counter;

        public DependencyOrder(IReadOnlyList<ExpandableVariable> variables)
        {
            _variables = variables;
            for (var i = 0; i < variables.Count; i++)
            {
                _lastByKey[variables[i].Key] = i;
            }

            _index = Enumerable.Repeat(-1, variables.Count).ToArray();
            _lowLink = new int[variables.Count];
            _onStack = new bool[variables.Count];
            for (var i = 0; i < variables.Count && Cycle is null; i++)
            {
                if (_index[i] < 0)
                {
                    Visit(i);
                }
            }
        }

        public List<int> Order { get; } = [];

        public List<int>? Cycle { get; private set; }

        private void Visit(int node)
        {
            _index[node] = _lowLink[node] = _counter++;
            _stack.Push(node);
            _onStack[node] = true;
            foreach (var key in DependsOn(_variables[node]))
            {
                if (!_lastByKey.TryGetValue(key, out var child))
                {
                    continue;
                }

                if (_index[child] < 0)
                {
                    Visit(child);
                    _lowLink[node] = Math.Min(_lowLink[node], _lowLink[child]);
                }
                else if (_onStack[child])
                {
                    _lowLink[node] = Math.Min(_lowLink[node], _index[child]);
                }
            }

            if (_lowLink[node] != _index[node])
            {
                return;
            }

            var component = new List<int>();
            int member;
            do
            {
                member = _stack.Pop();
                _onStack[member] = false;
                component.Add(member);
            }
            while (member != node);

            component.Reverse();
            if (component.Count > 1)
            {
                Cycle ??= component;
            }

            Order.AddRange(component);
        }
    }
}
