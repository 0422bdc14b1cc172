using System;
using Uring;

public sealed class Delivery
{
    private readonly Ring _ring;

    public Delivery(Ring ring) => _ring = ring;

    public void OnCompleted(in CqeView cqe, Action<long> deliver)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        bool returned = false;
        try
        {
            long key = ext.As<long>();
            _ring.ReturnExtendedSqe(ext);
            returned = true;
            deliver(key);
        }
        catch (InvalidOperationException)
        {
            Console.Error.WriteLine("delivery failed");
            throw;
        }
        finally
        {
            Console.WriteLine(returned);
        }
    }
}
