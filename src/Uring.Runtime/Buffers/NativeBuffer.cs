using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>
/// Memory for requests the kernel keeps until their completion: aligned native memory (page-aligned by
/// default) that never moves, owned by this object and freed by <see cref="Dispose()"/>. It is a
/// <see cref="MemoryManager{T}"/>, so it is an <see cref="IMemoryOwner{T}"/>: <see cref="Memory"/> slices with
/// the standard <see cref="Memory{T}.Slice(int, int)"/>, and the ring's <c>Memory&lt;byte&gt;</c> overloads
/// (<see cref="Ring.TryPrepareRead(SqeContext, int, Memory{byte}, long, ReadWriteFlags, in OpOptions)"/>,
/// <c>TryPrepareRecv</c>, <c>TryPrepareSend</c>, ...) accept it.
/// </summary>
/// <remarks>
/// <para><b>In-flight tracking.</b> <see cref="Pin"/> (what <see cref="Memory{T}.Pin"/> calls) counts one use
/// the kernel may still make of the memory, and disposing the returned <see cref="MemoryHandle"/> ends it. The
/// ring's <c>Memory&lt;byte&gt;</c> overloads pin when they queue a request and unpin when they reap its final
/// completion (for a zero-copy send, the notification), so the count is the number of requests in flight on
/// this buffer.</para>
/// <para><b>Deferred free.</b> <see cref="Dispose()"/> never frees memory the kernel may still use, and never
/// throws: while the buffer is pinned it only marks it disposed (<see cref="Span"/>, <see cref="Memory"/> and
/// <see cref="Pin"/> then throw <see cref="ObjectDisposedException"/>), and the memory is freed when the last
/// pin is released, on the thread that reaps that completion. So a buffer may be disposed right after a
/// request was queued through a <c>Memory&lt;byte&gt;</c> overload. A span taken from <see cref="Span"/> and given
/// to a <c>Span&lt;byte&gt;</c> overload is not pinned: that caller manages the lifetime and must not dispose the
/// buffer before the completion (Uring's analyzer URING0002 reports the case it can see).</para>
/// <para>Everything here is thread-safe (interlocked). There is no finalizer: dispose the buffer, or its memory
/// stays allocated (<see cref="AllocatedBytes"/> shows what is outstanding).</para>
/// </remarks>
public sealed unsafe class NativeBuffer : MemoryManager<byte>, IDisposable
{
    /// <summary>The alignment a buffer gets unless asked otherwise: 4096 bytes, one page.</summary>
    public const int DefaultAlignment = 4096;

    private const int Live = 0;
    private const int Disposed = 1;
    private const int Freed = 2;

    private static long s_allocatedBytes;

    private readonly byte* _pointer;
    private readonly int _length;
    private int _pins;
    private int _state;

    /// <summary>
    /// Allocates <paramref name="length"/> bytes of native memory aligned to <paramref name="alignment"/>,
    /// zeroed unless <paramref name="zeroed"/> is false (then the bytes are whatever the allocator returns: only
    /// for memory the first request fills, such as a read's destination).
    /// </summary>
    /// <param name="length">1 to <see cref="BufferLimits.MaxNativeBufferBytes"/> bytes.</param>
    /// <param name="alignment">A power of two from 1 to <see cref="BufferLimits.MaxNativeBufferAlignment"/>; default a page.</param>
    /// <param name="zeroed">Clear the memory (the default), so stale bytes of the process are never sent.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="length"/> or <paramref name="alignment"/> is out of range, or the length exceeds the memory
    /// this process can have.
    /// </exception>
    /// <exception cref="OutOfMemoryException">The allocator refused.</exception>
    public NativeBuffer(int length, int alignment = DefaultAlignment, bool zeroed = true)
    {
        if (length < 1 || length > BufferLimits.MaxNativeBufferBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(length),
                length,
                $"A native buffer holds 1 to {BufferLimits.MaxNativeBufferBytes} bytes (the most one request transfers). Use several buffers for more.");
        }

        if (alignment < 1 || alignment > BufferLimits.MaxNativeBufferAlignment || !BitOperations.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(
                nameof(alignment),
                alignment,
                $"The alignment must be a power of two from 1 to {BufferLimits.MaxNativeBufferAlignment} (2 MiB); the default is a page ({DefaultAlignment}).");
        }

        BufferLimits.ThrowIfBeyondMemory(1, length, nameof(length), $"A native buffer of {length} bytes");
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, (nuint)alignment);
        _length = length;
        Alignment = alignment;
        if (zeroed)
        {
            NativeMemory.Clear(_pointer, (nuint)length);
        }

        Interlocked.Add(ref s_allocatedBytes, length);
    }

    /// <summary>
    /// Bytes of native memory all <see cref="NativeBuffer"/>s of this process hold now: allocated and not yet freed
    /// (a disposed buffer still pinned by a request in flight counts until its last pin is released). A
    /// diagnostic for leak checks.
    /// </summary>
    public static long AllocatedBytes => Volatile.Read(ref s_allocatedBytes);

    /// <summary>The buffer's size in bytes (it never changes, also after <see cref="Dispose()"/>).</summary>
    public int Length => _length;

    /// <summary>The alignment the memory was allocated with.</summary>
    public int Alignment { get; }

    /// <summary>The whole buffer as a span. The memory is not pinned by this: see the class remarks.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<byte> Span => GetSpan();

    /// <summary>The whole buffer as <see cref="Memory{T}"/>; slice it with <see cref="Memory{T}.Slice(int, int)"/>.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public override Memory<byte> Memory
    {
        get
        {
            ThrowIfDisposed();
            return CreateMemory(_length);
        }
    }

    /// <summary>Uses of the memory in flight: pins not yet released (the ring's leases, and any of the caller's).</summary>
    public int PinCount => Volatile.Read(ref _pins);

    /// <summary>True once <see cref="Dispose()"/> ran (the memory may still be held by pins until they are released).</summary>
    public bool IsDisposed => Volatile.Read(ref _state) != Live;

    /// <summary>True once the native memory was freed: disposed and no pin left.</summary>
    internal bool IsFreed => Volatile.Read(ref _state) == Freed;

    /// <summary>The whole buffer as a span.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public override Span<byte> GetSpan()
    {
        ThrowIfDisposed();
        return new Span<byte>(_pointer, _length);
    }

    /// <summary>
    /// Counts one use of the memory (the kernel's, while a request is in flight) and returns its address from
    /// <paramref name="elementIndex"/>: until the returned handle is disposed, <see cref="Dispose()"/> defers the free.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementIndex"/> is not in 0..<see cref="Length"/>.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex, $"The buffer has {_length} bytes.");
        }

        // Count first, then check: a Dispose that ran before the increment freed nothing we now point at (it saw
        // no pin and the state says so); one that runs after it sees the pin and leaves the free to Unpin.
        Interlocked.Increment(ref _pins);
        if (Volatile.Read(ref _state) != Live)
        {
            Unpin();
            ThrowDisposed();
        }

        return new MemoryHandle(_pointer + elementIndex, default, this);
    }

    /// <summary>Ends one use counted by <see cref="Pin"/>; frees the memory if it was the last one of a disposed buffer.</summary>
    /// <exception cref="InvalidOperationException">More unpins than pins.</exception>
    public override void Unpin()
    {
        int remaining = Interlocked.Decrement(ref _pins);
        if (remaining < 0)
        {
            Interlocked.Increment(ref _pins);
            throw new InvalidOperationException("NativeBuffer.Unpin was called more often than Pin: dispose each MemoryHandle exactly once.");
        }

        if (remaining == 0 && Volatile.Read(ref _state) == Disposed)
        {
            Free();
        }
    }

    /// <summary>
    /// Disposes the buffer: frees the memory now if nothing pins it, else marks it disposed and leaves the free to
    /// the release of the last pin (see the class remarks). Idempotent; never throws.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.CompareExchange(ref _state, Disposed, Live) == Live && Volatile.Read(ref _pins) == 0)
        {
            Free();
        }
    }

    /// <summary>Frees the memory once: Dispose and the last Unpin may both get here, only one wins.</summary>
    private void Free()
    {
        if (Interlocked.CompareExchange(ref _state, Freed, Disposed) == Disposed)
        {
            NativeMemory.AlignedFree(_pointer);
            Interlocked.Add(ref s_allocatedBytes, -_length);
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _state) != Live)
        {
            ThrowDisposed();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowDisposed()
        => throw new ObjectDisposedException(nameof(NativeBuffer), "The native buffer was disposed; its memory is freed once no request uses it.");
}
