using System;
using Uring;

public sealed class Pinger
{
    public bool TryPing(Ring ring, long id)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe context)) // expect URING0006
        {
            return false;
        }

        context.As<long>() = id;
        return ring.TryPrepareNop(context.Context);
    }
}
