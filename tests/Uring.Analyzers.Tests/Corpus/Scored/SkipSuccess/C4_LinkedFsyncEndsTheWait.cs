using System;
using System.Threading;
using Uring;

public sealed class SyncedWrite
{
    private readonly CqeView[] _cqes = new CqeView[2];

    public void Write(Ring ring, int fd, byte[] data)
    {
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, data.AsSpan(), 0, options: OpOptions.Linked);
        ring.TryPrepareFsync(SqeContext.FromValue(2), fd);
        ring.Submit();
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
