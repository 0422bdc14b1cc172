using System;
using Uring;

public sealed class Queuer
{
    public bool TryQueue(Ring ring, long key)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return false;
        }

        ext.As<long>() = key;
        if (!ring.TryPrepareExtended(ext))
        {
            ring.ReturnExtendedSqe(ext);
            return false;
        }

        return true;
    }
}
