using System;

namespace Uring;

/// <summary>
/// Received data in a <see cref="ZeroCopyReceiver"/>'s area, as one completion reported it: the NIC wrote it there, no
/// copy was made. The chunk belongs to the application until <see cref="TryRelease"/> hands it back to the kernel
/// through the refill queue; release each buffer once. A value type: delivering one allocates nothing.
/// </summary>
public readonly struct ZeroCopyReceiveBuffer
{
    private readonly ZeroCopyReceiver? _receiver;

    internal ZeroCopyReceiveBuffer(ZeroCopyReceiver receiver, long offset, int length)
    {
        _receiver = receiver;
        Offset = offset;
        Length = length;
    }

    /// <summary>Bytes received (0 for <see cref="IsEndOfStream"/>).</summary>
    public int Length { get; }

    /// <summary>Where the data starts in the receiver's area.</summary>
    public long Offset { get; }

    /// <summary>True for the zero-length completion that reports the peer's end of stream: it holds no chunk.</summary>
    public bool IsEndOfStream => _receiver is null;

    /// <summary>The data, in the receiver's area. Valid until the buffer is released or the receiver disposed.</summary>
    /// <exception cref="ObjectDisposedException">The receiver was disposed.</exception>
    public ReadOnlySpan<byte> Span => _receiver is null ? default : _receiver.AreaSpan(Offset, Length);

    /// <summary>
    /// Hands the chunk back to the kernel: pushes <c>{offset | area token, length}</c> onto the refill queue and
    /// publishes the queue's tail (a release store, so the kernel sees the entry before the tail). Call it on the
    /// ring's issuer thread, once per buffer. Releasing an end-of-stream buffer does nothing and returns true.
    /// </summary>
    /// <returns>False when the refill queue is full: nothing was pushed; release again after the kernel took entries (the next reap).</returns>
    /// <exception cref="ObjectDisposedException">The receiver was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a thread that does not own the ring.</exception>
    [IssuerThreadOnly]
    public bool TryRelease() => _receiver is null || _receiver.TryRefill(Offset, Length);

    /// <inheritdoc/>
    public override string ToString() => IsEndOfStream ? "ZeroCopyReceiveBuffer(end of stream)" : $"ZeroCopyReceiveBuffer(offset={Offset}, length={Length})";
}
