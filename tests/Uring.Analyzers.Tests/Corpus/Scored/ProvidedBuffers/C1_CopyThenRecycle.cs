using System;
using Uring;

public sealed class Copier
{
    private readonly ProvidedBufferRing _group;

    public Copier(ProvidedBufferRing group) => _group = group;

    public byte[] Copy(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe);
        byte[] copy = buffer.Data.ToArray();
        int length = buffer.Length;
        _group.Recycle(buffer);
        Console.WriteLine(length);
        return copy;
    }
}
