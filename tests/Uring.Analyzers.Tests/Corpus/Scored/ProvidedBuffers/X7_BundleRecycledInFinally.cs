using System;
using Uring;

public sealed class BundleSink
{
    private readonly ProvidedBufferRing _group;
    private readonly byte[] _copy = new byte[256 * 1024];

    public BundleSink(ProvidedBufferRing group) => _group = group;

    public int OnBundle(in CqeView cqe)
    {
        if (!cqe.IsSuccess || !cqe.HasBuffer)
        {
            return 0;
        }

        ProvidedBufferBundle bundle = _group.TakeBundle(cqe);
        try
        {
            return bundle.CopyTo(_copy);
        }
        finally
        {
            _group.Recycle(bundle);
        }
    }
}
