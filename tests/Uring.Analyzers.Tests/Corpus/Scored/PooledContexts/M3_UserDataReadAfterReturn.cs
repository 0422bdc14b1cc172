using System;
using Uring;

public sealed class Tracker
{
    private readonly Ring _ring;

    public Tracker(Ring ring) => _ring = ring;

    public long OnCompleted(in CqeView cqe)
    {
        ExtendedSqe context = cqe.ExtendedSqe;
        _ring.ReturnExtendedSqe(context);
        return BitConverter.ToInt64(context.UserData); // expect URING0013
    }
}
