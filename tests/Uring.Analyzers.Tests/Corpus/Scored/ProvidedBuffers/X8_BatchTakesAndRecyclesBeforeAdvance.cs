using System;
using Uring;

public sealed class InPlaceReceiver
{
    private readonly Ring _ring;
    private readonly ProvidedBufferRing _group;
    public long Bytes;

    public InPlaceReceiver(Ring ring, ProvidedBufferRing group)
    {
        _ring = ring;
        _group = group;
    }

    public int Drain()
    {
        CompletionBatch batch = _ring.PeekCompletions();
        int seen = 0;
        foreach (CqeView cqe in batch)
        {
            seen++;
            if (!cqe.IsSuccess || !cqe.HasBuffer)
            {
                continue;
            }

            ProvidedBuffer buffer = _group.Take(cqe);
            Bytes += buffer.Length;
            _group.Recycle(buffer);
        }

        batch.Advance();
        return seen;
    }
}
