using System;
using System.Threading;
using Uring;

public sealed class Receiver
{
    private readonly Memory<byte> _window = GC.AllocateArray<byte>(16 * 1024, pinned: true).AsMemory();
    private readonly CqeView[] _cqes = new CqeView[1];

    public int ReceiveInto(Ring ring, int socket, int offset)
    {
        Span<byte> target = _window.Span[offset..];
        if (!ring.TryPrepareRecv(SqeContext.FromValue(3), socket, target))
        {
            return -1;
        }

        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
