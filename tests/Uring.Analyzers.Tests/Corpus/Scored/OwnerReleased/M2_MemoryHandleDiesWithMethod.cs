using System;
using System.Buffers;
using Uring;

public sealed unsafe class PinnedReceive
{
    private readonly Ring _ring;

    public PinnedReceive(Ring ring) => _ring = ring;

    public void Arm(int socket, Memory<byte> target)
    {
        using MemoryHandle pin = target.Pin(); // expect URING0002
        _ring.TryPrepareRecv(SqeContext.FromValue(11), socket, new Span<byte>(pin.Pointer, target.Length));
        _ring.Submit();
    }
}
