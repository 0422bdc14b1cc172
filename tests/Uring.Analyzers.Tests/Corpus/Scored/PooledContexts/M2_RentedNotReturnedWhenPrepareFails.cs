using System;
using Uring;

public sealed class ExtendedNop
{
    public bool TryQueue(Ring ring, long key)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext)) // expect URING0006
        {
            return false;
        }

        ext.As<long>() = key;
        if (!ring.TryPrepareExtended(ext))
        {
            return false;
        }

        ring.Submit();
        return true;
    }
}
