using System;
using System.Threading;
using Uring;

public sealed class FsyncWorker : IDisposable
{
    private readonly Thread _thread;
    private readonly int[] _fds;
    private volatile bool _stopping;
    public int Synced;

    public FsyncWorker(int[] fds)
    {
        _fds = fds;
        _thread = new Thread(Run) { IsBackground = true, Name = "fsync-worker" };
        _thread.Start();
    }

    private void Run()
    {
        Ring ring = new(new RingOptions { Entries = 64 });
        try
        {
            ring.Start();
            Span<CqeView> done = stackalloc CqeView[16];
            while (!_stopping)
            {
                foreach (int fd in _fds)
                {
                    ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd, dataSync: true);
                }

                int expected = _fds.Length;
                while (expected > 0)
                {
                    int n = ring.Wait(done, 1, TimeSpan.FromSeconds(1));
                    expected -= n;
                    Synced += n;
                    if (_stopping)
                    {
                        break;
                    }
                }

                Thread.Sleep(100);
            }
        }
        finally
        {
            ring.Stop();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}
