using System;
using Uring;

public sealed class Filled
{
    public bool TryQueue(Ring ring, long key)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return false;
        }

        ext.As<long>() = key;
        bool queued = ring.TryPrepareNop(ext.Context);
        if (!queued)
        {
            ring.ReturnExtendedSqe(ext);
        }

        return queued;
    }
}
