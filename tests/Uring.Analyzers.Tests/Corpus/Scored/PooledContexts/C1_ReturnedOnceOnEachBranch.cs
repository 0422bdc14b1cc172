using System;
using Uring;

public sealed class Router
{
    private readonly Ring _ring;

    public Router(Ring ring) => _ring = ring;

    public void Handle(ExtendedSqe request, int result)
    {
        long key = request.As<long>();
        if (result < 0)
        {
            _ring.ReturnExtendedSqe(request);
            Console.Error.WriteLine($"{key} failed");
            return;
        }

        _ring.ReturnExtendedSqe(request);
        Console.WriteLine($"{key} ok");
    }
}
