using System;
using System.Buffers.Binary;
using Uring;

public sealed class FramedSender
{
    private readonly Ring _ring;
    private readonly byte[] _prefix = GC.AllocateArray<byte>(4, pinned: true);

    public FramedSender(Ring ring) => _ring = ring;

    private void SetLength(int length) => BinaryPrimitives.WriteInt32LittleEndian(_prefix, length);

    public void SendTwo(int socket, byte[] pinnedA, byte[] pinnedB)
    {
        SetLength(pinnedA.Length);
        _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _prefix.AsSpan(), options: OpOptions.Linked);
        _ring.TryPrepareSend(SqeContext.FromValue(2), socket, pinnedA.AsSpan(), options: OpOptions.Linked);
        SetLength(pinnedB.Length); // expect URING0003
        _ring.TryPrepareSend(SqeContext.FromValue(3), socket, _prefix.AsSpan(), options: OpOptions.Linked);
        _ring.TryPrepareSend(SqeContext.FromValue(4), socket, pinnedB.AsSpan());
        _ring.Submit();
    }
}
