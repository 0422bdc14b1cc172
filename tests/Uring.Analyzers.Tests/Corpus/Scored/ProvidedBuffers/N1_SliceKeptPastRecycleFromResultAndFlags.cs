using System;
using Uring;

public sealed class Datagrams
{
    private readonly ProvidedBufferRing _pool;

    public Datagrams(ProvidedBufferRing pool) => _pool = pool;

    public byte[] Next(in CqeView cqe)
    {
        ProvidedBuffer buffer = _pool.Take(cqe.Result, cqe.Flags);
        Span<byte> datagram = buffer.Data[..Math.Min(cqe.Result, 512)];
        _pool.Recycle(buffer);
        return datagram.ToArray(); // expect URING0013
    }
}
