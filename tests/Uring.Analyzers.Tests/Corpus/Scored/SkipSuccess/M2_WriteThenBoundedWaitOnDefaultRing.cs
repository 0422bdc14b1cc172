using System;
using System.IO;
using Uring;

public static class Program
{
    public static void Main()
    {
        using var ring = new Ring();
        ring.Start();
        byte[] record = GC.AllocateArray<byte>(64, pinned: true);
        var cqes = new CqeView[1];
        int fd = 1;
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, record.AsSpan(), -1);
        ring.Submit();
        if (ring.Wait(cqes, 1, TimeSpan.FromSeconds(3)) == 0) // expect URING0008
        {
            throw new IOException("write not acknowledged");
        }
    }
}
