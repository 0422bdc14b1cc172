using System;
using System.Threading;

namespace Uring;

/// <summary>
/// Bytes a copy-free receive delivered (<see cref="LoopConnection.ReceiveProvidedAsync"/>): a buffer of the loop's
/// provided-buffer ring that the kernel picked and filled, lent to you until you <see cref="Return"/> it. The bytes are
/// never copied: <see cref="Memory"/> is the kernel's buffer, in native memory that never moves.
/// </summary>
/// <remarks>
/// <para>Return every buffer once you are done with its bytes (from any thread: a return from another thread is
/// handed to the loop, which alone touches its ring). Until then the kernel cannot use it for another receive, so a
/// buffer kept for long shrinks the loop's pool for every connection; when the pool runs dry, receives fall back to
/// ordinary buffers until buffers come back. After <see cref="Return"/>, do not touch <see cref="Memory"/> (or
/// anything taken from it) again: the kernel refills the buffer for someone else.</para>
/// <para>A buffer lent when the loop shuts down stays readable until it is returned; its return then frees the
/// memory once the last lent buffer is back (<see cref="EventLoopStatistics.ProvidedBuffersLent"/>,
/// <see cref="EventLoopStatistics.NativeBytes"/>).</para>
/// <para>A default instance (<see cref="IsEmpty"/>) is what a receive returns at the end of the stream; returning it
/// does nothing.</para>
/// </remarks>
public readonly struct LentBuffer
{
    private readonly LentSlot? _slot;
    private readonly int _token;

    internal LentBuffer(LentSlot slot, int token)
    {
        _slot = slot;
        _token = token;
    }

    /// <summary>The received bytes.</summary>
    /// <exception cref="InvalidOperationException">The buffer was returned already.</exception>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            if (_slot is null)
            {
                return default;
            }

            ThrowIfReturned();
            return _slot.Memory;
        }
    }

    /// <summary>The received bytes as a span (<see cref="Memory"/>'s).</summary>
    /// <exception cref="InvalidOperationException">The buffer was returned already.</exception>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>How many bytes were received (0 for the end of the stream).</summary>
    /// <exception cref="InvalidOperationException">The buffer was returned already.</exception>
    public int Length => Memory.Length;

    /// <summary>True for the end of the stream (the peer's FIN): no buffer, nothing to return.</summary>
    [NothingLentWhenTrue]
    public bool IsEmpty => _slot is null;

    /// <summary>
    /// Gives the buffer back to the loop's ring (any thread; from another thread the loop does it on its next turn).
    /// Does nothing for an <see cref="IsEmpty"/> instance. After the loop's shutdown it only releases the memory.
    /// </summary>
    /// <exception cref="InvalidOperationException">This lend was returned already (a copy of the same value returned twice).</exception>
    [RecyclesProvidedBuffer]
    public void Return()
    {
        if (_slot is not null)
        {
            _slot.Pool.Return(_slot, _token);
        }
    }

    /// <inheritdoc/>
    public override string ToString()
        => _slot is null ? "LentBuffer(end of stream)" : $"LentBuffer({_slot.Length} bytes{(Volatile.Read(ref _slot.Token) == _token ? string.Empty : ", returned")})";

    private void ThrowIfReturned()
    {
        if (Volatile.Read(ref _slot!.Token) != _token)
        {
            throw new InvalidOperationException("This buffer was returned to the loop's provided-buffer ring: its bytes belong to another receive now.");
        }
    }
}
