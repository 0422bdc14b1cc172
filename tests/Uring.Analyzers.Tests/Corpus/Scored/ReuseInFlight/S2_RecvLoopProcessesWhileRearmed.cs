using System;
using System.Threading;
using Uring;

public sealed class Rearm
{
    private readonly byte[] _rx = GC.AllocateArray<byte>(2048, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[1];

    public void Loop(Ring ring, int socket, Action<byte[], int> handle)
    {
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _rx.AsSpan());
        while (true)
        {
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            int n = _cqes[0].Result;
            ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _rx.AsSpan());
            ring.Submit();
            _rx.AsSpan(n).Clear(); // expect URING0003
            handle(_rx, n);
        }
    }
}
