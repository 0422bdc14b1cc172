using System;
using Uring;

public sealed class SegmentLog
{
    private const int HeaderSlot = 2;
    private readonly Ring _ring;
    private readonly int _file;
    private long _tail;

    public SegmentLog(Ring ring, int file)
    {
        _ring = ring;
        _file = file;
        _ring.RegisterBuffers(4, 4096);
    }

    public void Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> trailer)
    {
        header.CopyTo(_ring.RegisteredBuffer(HeaderSlot));
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), _file, HeaderSlot, 0, header.Length, _tail);
        _ring.Submit();
        _tail += header.Length;
        trailer.CopyTo(_ring.RegisteredBuffer(HeaderSlot)); // expect URING0003
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(2), _file, HeaderSlot, 0, trailer.Length, _tail);
        _ring.Submit();
    }
}
