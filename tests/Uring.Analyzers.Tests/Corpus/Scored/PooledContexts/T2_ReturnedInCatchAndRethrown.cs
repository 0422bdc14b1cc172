using System;
using Uring;

public sealed class Scheduler2
{
    public bool TrySchedule(Ring ring, Func<long> computeKey)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return false;
        }

        try
        {
            ext.As<long>() = computeKey();
        }
        catch
        {
            ring.ReturnExtendedSqe(ext);
            throw;
        }

        if (!ring.TryPrepareExtended(ext))
        {
            ring.ReturnExtendedSqe(ext);
            return false;
        }

        return true;
    }
}
