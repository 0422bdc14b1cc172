using System;
using Uring;

public static class LineProbe
{
    public static void ArmRead(Ring ring, int fd)
    {
        Span<byte> line = stackalloc byte[256];
        ring.TryPrepareRead(SqeContext.FromValue(7), fd, line, -1); // expect URING0001
        ring.Submit();
    }
}
