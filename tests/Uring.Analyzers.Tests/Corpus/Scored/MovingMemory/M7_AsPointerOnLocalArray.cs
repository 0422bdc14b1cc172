using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uring;

public sealed unsafe class RawReader
{
    public void Start(Ring ring, int fd, int length)
    {
        byte[] data = new byte[length];
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
        ring.TryPrepareRead(SqeContext.FromValue(3), fd, new Span<byte>(start, length), 0); // expect URING0001
        ring.Submit();
    }
}
