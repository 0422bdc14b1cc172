using System;
using System.Threading;
using Uring;

public sealed class EchoOnce
{
    private readonly byte[] _buffer = GC.AllocateArray<byte>(1024, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[4];

    public void Echo(Ring ring, int socket)
    {
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _buffer.AsSpan());
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        int n = _cqes[0].Result;
        if (n > 0)
        {
            ring.TryPrepareSend(SqeContext.FromValue(2), socket, _buffer.AsSpan(0, n));
            ring.Submit();
        }
    }
}
