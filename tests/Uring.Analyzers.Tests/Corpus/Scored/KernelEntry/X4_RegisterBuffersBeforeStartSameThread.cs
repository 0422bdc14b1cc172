using System;
using System.Threading;
using Uring;

public static class FixedCopy
{
    public static int Run(int fd)
    {
        using NativeBuffer slab = new(64 * 1024);
        using Ring ring = new(new RingOptions { Entries = 16, NotifySucceed = true });
        ReadOnlySpan<Memory<byte>> buffers = new[] { slab.Memory };
        ring.RegisterBuffers(buffers);
        ring.Start();

        Span<CqeView> done = stackalloc CqeView[1];
        ring.TryPrepareReadFixed(SqeContext.FromValue(1), fd, bufferIndex: 0, bufferOffset: 0, length: 4096, fileOffset: 0);
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result;
    }
}
