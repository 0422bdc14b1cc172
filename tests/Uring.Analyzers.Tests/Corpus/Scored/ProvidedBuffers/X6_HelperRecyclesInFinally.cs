using System;
using Uring;

public sealed class Sink
{
    private readonly ProvidedBufferRing _group;
    private long _bytes;

    public Sink(ProvidedBufferRing group) => _group = group;

    public void OnReceive(in CqeView cqe)
    {
        if (!cqe.IsSuccess || !cqe.HasBuffer)
        {
            return;
        }

        ProvidedBuffer buffer = _group.Take(cqe);
        ConsumeAndRecycle(buffer);
    }

    private void ConsumeAndRecycle(ProvidedBuffer buffer)
    {
        try
        {
            _bytes += buffer.Length;
        }
        finally
        {
            _group.Recycle(buffer);
        }
    }

    public long Bytes => _bytes;
}
