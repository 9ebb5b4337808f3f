using System.Text;

namespace WvsMesh.Runner.Tests;

/// <summary>
/// What the runner writes to its console, readable while the runner still writes: every write and every read take
/// one lock (a StringWriter read during a write can throw or tear).
/// </summary>
internal sealed class CapturedOutput : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _text.Append(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
