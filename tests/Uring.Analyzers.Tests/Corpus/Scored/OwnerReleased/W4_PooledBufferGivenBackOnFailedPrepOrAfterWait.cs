using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using Uring;

public static class ConfigLoader
{
    public static unsafe string? Load(Ring ring, int fd)
    {
        byte* buffer = (byte*)NativeMemory.Alloc(8192);
        if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 8192), 0))
        {
            NativeMemory.Free(buffer);
            return null;
        }

        ring.Submit();
        Span<CqeView> done = stackalloc CqeView[1];
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        try
        {
            return done[0].Result > 0 ? System.Text.Encoding.UTF8.GetString(buffer, done[0].Result) : null;
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }
}
