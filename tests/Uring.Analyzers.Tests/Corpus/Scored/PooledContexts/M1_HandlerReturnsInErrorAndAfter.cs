using System;
using Uring;

public sealed class CompletionRouter
{
    private readonly Ring _ring;
    private readonly ExtendedCqe[] _cqes = new ExtendedCqe[32];

    public CompletionRouter(Ring ring) => _ring = ring;

    public void Drain()
    {
        int n = _ring.Reap(_cqes);
        for (int i = 0; i < n; i++)
        {
            Handle(_cqes[i].Ext, _cqes[i].Result);
        }
    }

    private void Handle(ExtendedSqe request, int result)
    {
        if (result < 0)
        {
            Log(result);
            _ring.ReturnExtendedSqe(request);
        }

        Complete(request.As<long>(), result); // allow URING0013
        _ring.ReturnExtendedSqe(request); // expect URING0007
    }

    private static void Log(int errno) => Console.Error.WriteLine(errno);

    private static void Complete(long key, int result) => Console.WriteLine($"{key}: {result}");
}
