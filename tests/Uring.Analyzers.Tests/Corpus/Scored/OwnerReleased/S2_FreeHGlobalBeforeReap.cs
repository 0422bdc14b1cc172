using System;
using System.Runtime.InteropServices;
using Uring;

public sealed unsafe class Legacy
{
    public void Read(Ring ring, int fd)
    {
        IntPtr memory = Marshal.AllocHGlobal(4096);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>((void*)memory, 4096), 0);
        ring.Submit();
        Marshal.FreeHGlobal(memory); // expect URING0002
    }
}
