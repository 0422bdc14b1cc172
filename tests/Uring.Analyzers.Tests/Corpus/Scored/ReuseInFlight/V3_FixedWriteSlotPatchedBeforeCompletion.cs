using System;
using System.Buffers.Binary;
using Uring;

public sealed class JournalAppender
{
    private const int Slot = 3;
    private readonly Ring _ring;
    private readonly int _fd;
    private long _offset;

    public JournalAppender(Ring ring, int fd)
    {
        _ring = ring;
        _fd = fd;
    }

    public bool TryAppend(ReadOnlySpan<byte> record, uint checksum)
    {
        Span<byte> staging = _ring.RegisteredBuffer(Slot);
        BinaryPrimitives.WriteInt32LittleEndian(staging, record.Length);
        record.CopyTo(staging[8..]);
        if (!_ring.TryPrepareWriteFixed(SqeContext.FromValue(9), _fd, Slot, 0, record.Length + 8, _offset))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(staging[4..], checksum); // expect URING0003 (known miss: a fixed write holds an unknown part of its slot, so a write to a slice of it cannot be proven to overlap)
        _offset += record.Length + 8;
        return _ring.Submit() >= 0;
    }
}
