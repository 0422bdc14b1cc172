using System;
using System.Text;
using Uring;

public sealed class LineReader
{
    private readonly ProvidedBufferRing _group;

    public LineReader(ProvidedBufferRing group) => _group = group;

    public string? ReadLine(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe); // expect URING0005
        int newline = buffer.Data.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return null;
        }

        string line = Encoding.ASCII.GetString(buffer.Data[..newline]);
        _group.Recycle(buffer);
        return line;
    }
}
