using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class SplitPump
{
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });
    private readonly CancellationTokenSource _stop = new();

    public void Start()
    {
        _ring.Start();
        Task.Run(ReapLoop); // expect URING0009
    }

    private void ReapLoop()
    {
        var cqes = new CqeView[64];
        while (!_stop.IsCancellationRequested)
        {
            _ring.Wait(cqes, 1, TimeSpan.FromMilliseconds(100));
        }
    }

    public void Submit(int fd)
    {
        _ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        _ring.Submit();
    }
}
