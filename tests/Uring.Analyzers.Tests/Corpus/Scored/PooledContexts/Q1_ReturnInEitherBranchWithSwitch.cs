using System;
using Uring;

public sealed class Switcher
{
    private readonly Ring _ring;

    public Switcher(Ring ring) => _ring = ring;

    public void OnCompleted(in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        switch (cqe.Result)
        {
            case < 0:
                Console.Error.WriteLine(ext.As<long>());
                _ring.ReturnExtendedSqe(ext);
                break;
            case 0:
                _ring.ReturnExtendedSqe(ext);
                Console.WriteLine("eof");
                break;
            default:
                long key = ext.As<long>();
                _ring.ReturnExtendedSqe(ext);
                Console.WriteLine(key);
                break;
        }
    }
}
