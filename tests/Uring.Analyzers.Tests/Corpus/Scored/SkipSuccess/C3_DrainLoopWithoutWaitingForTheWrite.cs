using System;
using System.Threading;
using Uring;

public sealed class Logger
{
    private readonly Ring _ring = new();
    private readonly CqeView[] _cqes = new CqeView[32];
    private readonly byte[] _line = GC.AllocateArray<byte>(256, pinned: true);

    public Logger() => _ring.Start();

    public void Loop(int fd, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            _ring.TryPrepareWrite(SqeContext.FromValue(9), fd, _line.AsSpan(), -1);
            int n = _ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(100));
            for (int i = 0; i < n; i++)
            {
                if (_cqes[i].Result < 0)
                {
                    Console.Error.WriteLine($"write failed: {_cqes[i].Result}");
                }
            }
        }
    }
}
