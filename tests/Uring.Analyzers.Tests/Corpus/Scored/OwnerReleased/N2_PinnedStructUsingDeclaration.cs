using System;
using System.Runtime.InteropServices;
using Uring;

public struct PinnedArray : IDisposable
{
    private readonly byte[] _array;
    private GCHandle _handle;

    public PinnedArray(int length)
    {
        _array = new byte[length];
        _handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
    }

    public Span<byte> Span => _array;

    public void Dispose() => _handle.Free();
}

public sealed class Arm
{
    public void ArmReceive(Ring ring, int socket)
    {
        using var pinned = new PinnedArray(1500); // expect URING0002
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, pinned.Span);
        ring.Submit();
    }
}
