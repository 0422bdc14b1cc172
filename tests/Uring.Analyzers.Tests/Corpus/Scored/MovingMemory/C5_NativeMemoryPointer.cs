using System;
using System.Runtime.InteropServices;
using Uring;

public sealed unsafe class NativeInbox : IDisposable
{
    private readonly byte* _memory = (byte*)NativeMemory.AlignedAlloc(65536, 4096);

    public void Arm(Ring ring, int socket)
    {
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, new Span<byte>(_memory, 65536));
        ring.Submit();
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);
}
