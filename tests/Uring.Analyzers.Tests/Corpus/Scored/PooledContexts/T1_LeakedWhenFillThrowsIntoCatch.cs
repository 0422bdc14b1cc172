using System;
using Uring;

public sealed class Scheduler
{
    public bool TrySchedule(Ring ring, Func<long> computeKey)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext)) // expect URING0006
        {
            return false;
        }

        try
        {
            ext.As<long>() = computeKey();
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        if (!ring.TryPrepareExtended(ext))
        {
            ring.ReturnExtendedSqe(ext);
            return false;
        }

        return true;
    }
}
