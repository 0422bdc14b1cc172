using System;
using Uring;

public sealed class Stats
{
    private readonly ProvidedBufferRing _pool;

    public Stats(ProvidedBufferRing pool) => _pool = pool;

    public (int Length, byte First) Inspect(in CqeView cqe)
    {
        ProvidedBuffer buffer = _pool.Take(cqe);
        _pool.Recycle(buffer);
        return (buffer.Length, buffer.Data[0]); // expect URING0013
    }
}
