using System;
using System.Runtime.InteropServices;
using System.Threading;
using Uring;

public sealed unsafe class CarefulProbe
{
    private readonly CqeView[] _cqes = new CqeView[2];

    public int Probe(Ring ring, int fd)
    {
        byte* scratch = (byte*)NativeMemory.Alloc(4096);
        try
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(scratch, 4096), 0);
            int n = ring.Wait(_cqes, 1, TimeSpan.FromSeconds(1));
            if (n == 0)
            {
                ring.TryPrepareCancelAll(SqeContext.FromValue(2));
                ring.Wait(_cqes, 2, Timeout.InfiniteTimeSpan);
                return -1;
            }

            return scratch[0];
        }
        finally
        {
            NativeMemory.Free(scratch);
        }
    }
}
