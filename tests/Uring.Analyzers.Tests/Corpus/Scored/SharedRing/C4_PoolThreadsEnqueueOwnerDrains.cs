using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class FsyncBatcher
{
    private readonly ConcurrentQueue<int> _requests = new();
    private readonly Ring _ring = new();
    private readonly CancellationTokenSource _stop = new();

    public void RequestFromAnyThread(int fd) => ThreadPool.QueueUserWorkItem(_ => _requests.Enqueue(fd));

    public void RunOnOwnerThread()
    {
        _ring.Start();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            _stop.Cancel();
        };
        using var tick = new Timer(_ => _requests.Enqueue(-1), null, 0, 1000);
        while (!_stop.IsCancellationRequested)
        {
            while (_requests.TryDequeue(out int fd))
            {
                if (fd >= 0)
                {
                    _ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
                }
            }

            _ring.Submit();
            Thread.Sleep(1);
        }

        _ring.Dispose();
    }
}
