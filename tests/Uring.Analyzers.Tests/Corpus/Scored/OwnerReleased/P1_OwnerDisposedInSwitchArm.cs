using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Dispatch
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Run(Ring ring, int fd, int mode)
    {
        IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(1024);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, owner.Memory, 0);
        ring.Submit();
        switch (mode)
        {
            case 0:
                owner.Dispose(); // expect URING0002
                return 0;
            default:
                ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
                owner.Dispose();
                return _cqes[0].Result;
        }
    }
}
