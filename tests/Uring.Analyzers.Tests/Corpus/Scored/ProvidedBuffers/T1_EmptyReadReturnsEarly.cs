using System;
using System.Text;
using Uring;

public sealed class LineSink
{
    private readonly ProvidedBufferRing _group;
    private readonly StringBuilder _text = new();

    public LineSink(ProvidedBufferRing group) => _group = group;

    public void OnReceive(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe); // expect URING0005
        if (buffer.Data.Length == 0)
        {
            return;
        }

        _text.Append(Encoding.ASCII.GetString(buffer.Data));
        _group.Recycle(buffer);
    }
}
