using System;
using System.Runtime.InteropServices;
using Uring;

public sealed class Header
{
    public void Arm(Ring ring, int socket)
    {
        long value = 0;
        Span<byte> bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1));
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, bytes); // expect URING0001
        ring.Submit();
    }
}
