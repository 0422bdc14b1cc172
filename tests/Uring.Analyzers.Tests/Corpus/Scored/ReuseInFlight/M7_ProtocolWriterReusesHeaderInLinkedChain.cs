using System;
using System.Buffers.Binary;
using Uring;

public sealed class ProtocolWriter
{
    private readonly Ring _ring;
    private readonly int _socket;
    private readonly byte[] _header = GC.AllocateArray<byte>(8, pinned: true);

    public ProtocolWriter(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public void WriteTwo(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, byte[] pinnedBodies)
    {
        BinaryPrimitives.WriteInt32BigEndian(_header, first.Length);
        _ring.TryPrepareSend(SqeContext.FromValue(1), _socket, _header.AsSpan(), options: OpOptions.Linked);
        first.CopyTo(pinnedBodies);
        _ring.TryPrepareSend(SqeContext.FromValue(2), _socket, pinnedBodies.AsSpan(0, first.Length), options: OpOptions.Linked);
        BinaryPrimitives.WriteInt32BigEndian(_header, second.Length); // expect URING0003
        _ring.TryPrepareSend(SqeContext.FromValue(3), _socket, _header.AsSpan());
        _ring.Submit();
    }
}
