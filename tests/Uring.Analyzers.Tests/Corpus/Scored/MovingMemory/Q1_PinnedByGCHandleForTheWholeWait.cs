using System;
using System.Runtime.InteropServices;
using System.Threading;
using Uring;

public sealed unsafe class Pinned
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd)
    {
        byte[] data = new byte[1024];
        GCHandle handle = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>((void*)handle.AddrOfPinnedObject(), data.Length), 0);
            ring.Submit();
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            return data[0];
        }
        finally
        {
            handle.Free();
        }
    }
}
