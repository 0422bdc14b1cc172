using System;
using Uring;

public sealed class BundleSum
{
    private readonly ProvidedBufferRing _pool;

    public BundleSum(ProvidedBufferRing pool) => _pool = pool;

    public int Sum(in CqeView cqe)
    {
        int total = 0;
        foreach (ProvidedBuffer part in _pool.TakeBundle(cqe)) // expect URING0005
        {
            total += part.Length;
        }

        return total;
    }
}
