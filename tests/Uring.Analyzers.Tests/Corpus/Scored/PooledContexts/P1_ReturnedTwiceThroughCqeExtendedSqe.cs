using System;
using Uring;

public sealed class Handler
{
    private readonly Ring _ring;

    public Handler(Ring ring) => _ring = ring;

    public void OnCompleted(in CqeView cqe)
    {
        if (cqe.Result < 0)
        {
            _ring.ReturnExtendedSqe(cqe.ExtendedSqe);
        }

        Console.WriteLine(cqe.Result);
        _ring.ReturnExtendedSqe(cqe.ExtendedSqe); // expect URING0007
    }
}
