using System;
using System.Threading;
using Uring;

public sealed class Shared
{
    private readonly Ring _ring = new(new RingOptions { MultiIssuers = true });

    public Shared() => _ring.Start();

    public void Kick(int fd)
    {
        ThreadPool.QueueUserWorkItem(_ =>
        {
            lock (_ring)
            {
                _ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                _ring.Submit();
            }
        });
    }
}
