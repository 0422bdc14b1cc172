using System;
using System.Threading.Tasks;
using Uring;

public static class AccessLog
{
    private static readonly Ring s_ring = Open(); // allow URING0011
    private static int s_fd = -1;

    private static Ring Open()
    {
        var ring = new Ring(new RingOptions { Entries = 128 });
        ring.Start();
        return ring;
    }

    public static void Attach(int fd) => s_fd = fd;

    public static Task WriteAsync(byte[] pinnedLine)
        => Task.Run(() =>
        {
            s_ring.TryPrepareWrite(SqeContext.FromValue(1), s_fd, pinnedLine.AsSpan()); // expect URING0009
            s_ring.Submit(); // expect URING0009
        });
}
