using System;
using Uring;

public sealed class Fanout
{
    private readonly Ring _ring;

    public Fanout(Ring ring) => _ring = ring;

    public int PingAll(int[] peers)
    {
        int queued = 0;
        foreach (int peer in peers)
        {
            if (peer < 0)
            {
                continue;
            }

            if (!_ring.TryRentExtendedSqe(out ExtendedSqe ext))
            {
                break;
            }

            ext.As<int>() = peer;
            if (!_ring.TryPrepareNop(ext.Context))
            {
                _ring.ReturnExtendedSqe(ext);
                continue;
            }

            queued++;
        }

        return queued;
    }

    public int OnCompleted(in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        int peer = ext.As<int>();
        _ring.ReturnExtendedSqe(ext);
        return peer;
    }
}
