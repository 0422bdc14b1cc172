using System;
using Uring;

public sealed class SlotWriter
{
    private readonly Ring _ring;
    private long _offset;

    public SlotWriter(Ring ring)
    {
        _ring = ring;
        _ring.RegisterBuffers(8, 4096);
    }

    public void Write(int fd, int slot, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> target = _ring.RegisteredBuffer(slot);
        first.CopyTo(target);
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), fd, slot, 0, first.Length, _offset);
        _offset += first.Length;
        second.CopyTo(target); // expect URING0003
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(2), fd, slot, 0, second.Length, _offset);
        _ring.Submit();
    }
}
