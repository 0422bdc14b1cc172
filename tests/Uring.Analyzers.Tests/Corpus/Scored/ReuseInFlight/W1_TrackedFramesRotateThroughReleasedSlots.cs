using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Uring;

public sealed class FrameSender : IZeroCopySendHandler, IDisposable
{
    private const int FrameSize = 16 * 1024;
    private readonly Ring _ring;
    private readonly int _socket;
    private readonly NativeBuffer _slab = new(8 * FrameSize);
    private readonly Stack<int> _free = new(new[] { 7, 6, 5, 4, 3, 2, 1, 0 });

    public FrameSender(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public bool TrySend(ReadOnlySpan<byte> body, uint sequence)
    {
        if (!_free.TryPop(out int slot))
        {
            return false;
        }

        Span<byte> frame = _slab.Span.Slice(slot * FrameSize, FrameSize);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, sequence);
        body.CopyTo(frame[4..]);
        if (!ZeroCopySendTracker.TryPrepareSendZc(_ring, _socket, frame[..(body.Length + 4)], this, (ulong)slot))
        {
            _free.Push(slot);
            return false;
        }

        return true;
    }

    public void OnSent(Ring ring, ulong token, int result)
    {
        if (result < 0)
        {
            Console.Error.WriteLine($"frame in slot {token} failed: {result}");
        }
    }

    public void OnBufferReleased(Ring ring, ulong token, int sendResult)
    {
        _slab.Span.Slice((int)token * FrameSize, FrameSize).Clear();
        _free.Push((int)token);
    }

    public void Dispose() => _slab.Dispose();
}
