using System;
using Uring;

public static class DeviceProbe
{
    public static int ReadSector(Ring ring, int fd, long offset)
    {
        NativeBuffer sector = new(512);
        try
        {
            if (!ring.TryPrepareRead(SqeContext.FromValue(5), fd, sector.Span, offset))
            {
                return -1;
            }

            ring.Submit();
            Span<CqeView> done = stackalloc CqeView[1];
            int n = ring.Wait(done, 1, TimeSpan.FromMilliseconds(200));
            return n == 1 ? done[0].Result : -1;
        }
        finally
        {
            sector.Dispose(); // expect URING0002 (known miss: the ternary on the wait count joins the timeout path with the success path before the finally)
        }
    }
}
