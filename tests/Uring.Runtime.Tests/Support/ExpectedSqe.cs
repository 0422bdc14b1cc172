using System;
using System.Buffers.Binary;

namespace Uring.Tests.Support;

/// <summary>
/// Builds the 64 bytes an SQE must have, field by field at the offsets of the Linux 6.18 uapi
/// (../shared/reference/uapi-io_uring.md §1.1), independently of the IoUringSqe struct.
/// </summary>
internal sealed class ExpectedSqe
{
    private readonly byte[] _bytes = new byte[64];

    public ExpectedSqe(IoUringOp opcode) => _bytes[0] = (byte)opcode;

    public ExpectedSqe Flags(SqeFlags flags) { _bytes[1] = (byte)flags; return this; }
    public ExpectedSqe IoPrio(ushort value) { BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(2), value); return this; }
    public ExpectedSqe Fd(int fd) { BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(4), fd); return this; }
    public ExpectedSqe Off(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(8), value); return this; }
    public ExpectedSqe Addr(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(16), value); return this; }
    public ExpectedSqe Len(uint value) { BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(24), value); return this; }
    public ExpectedSqe OpFlags(uint value) { BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(28), value); return this; }
    public ExpectedSqe UserData(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(32), value); return this; }
    public ExpectedSqe BufIndex(ushort value) { BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(40), value); return this; }
    public ExpectedSqe Personality(ushort value) { BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(42), value); return this; }
    public ExpectedSqe FileIndex(uint value) { BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(44), value); return this; }
    public ExpectedSqe Addr3(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(48), value); return this; }

    /// <summary>Copies an address the runtime chose (staging) from the actual SQE, after the test checked what it points at.</summary>
    public ExpectedSqe SameU64As(byte[] actual, int offset)
    {
        actual.AsSpan(offset, 8).CopyTo(_bytes.AsSpan(offset));
        return this;
    }

    public byte[] Bytes => _bytes;
}
