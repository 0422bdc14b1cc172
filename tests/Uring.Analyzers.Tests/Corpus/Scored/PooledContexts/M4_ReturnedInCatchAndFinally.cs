using System;
using Uring;

public sealed class Guarded
{
    private readonly Ring _ring;

    public Guarded(Ring ring) => _ring = ring;

    public void OnCompleted(in CqeView cqe, Action<long> deliver)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        try
        {
            deliver(ext.As<long>());
        }
        catch (Exception)
        {
            _ring.ReturnExtendedSqe(ext);
            throw;
        }
        finally
        {
            _ring.ReturnExtendedSqe(ext); // expect URING0007
        }
    }
}
