using System;
using Uring;

public sealed class Finally
{
    private readonly Ring _ring;

    public Finally(Ring ring) => _ring = ring;

    public void OnCompleted(in CqeView cqe, Action<long> deliver)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        try
        {
            deliver(ext.As<long>());
        }
        finally
        {
            _ring.ReturnExtendedSqe(ext);
        }
    }
}
