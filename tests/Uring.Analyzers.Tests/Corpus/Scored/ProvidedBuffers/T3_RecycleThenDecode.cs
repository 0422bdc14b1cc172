using System;
using System.Text;
using Uring;

public sealed class Decoder
{
    private readonly ProvidedBufferRing _group;

    public Decoder(ProvidedBufferRing group) => _group = group;

    public string Decode(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe);
        _group.Recycle(buffer);
        return Encoding.UTF8.GetString(buffer.Data); // expect URING0013
    }
}
