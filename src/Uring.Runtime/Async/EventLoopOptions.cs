using System;

namespace Uring;

/// <summary>How an <see cref="EventLoop"/> is set up. The defaults suit a loop per core.</summary>
public sealed record EventLoopOptions
{
    /// <summary>
    /// The ring's SQ entries (1..32768, see <see cref="RingOptions.Entries"/>). Operations beyond what the SQ
    /// holds wait on the loop for room; they never fail for it. Default <see cref="RingOptions.EntriesSmall"/> (512).
    /// </summary>
    public int Entries { get; init; } = RingOptions.EntriesSmall;

    /// <summary>
    /// Cells of the queue through which other threads hand work to the loop (rounded up to a power of two, at
    /// least 2). A full queue is backpressure: <see cref="EventLoop.Post(Action{object?}, object?)"/> waits for room,
    /// <see cref="EventLoop.TryPost(Action{object?}, object?)"/> returns false. Default 4096.
    /// </summary>
    public int WorkQueueCapacity { get; init; } = 4096;

    /// <summary>
    /// The longest single blocking wait of an idle loop. Posts and completions wake it at once; this only bounds
    /// the wait itself. Default 1 second.
    /// </summary>
    public TimeSpan MaxIdleWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest an idle loop spins before it blocks in the kernel: it keeps polling its ring (without a system call)
    /// and its work queue. The loop adapts the spin it actually does between none and this: a sleep that a longer spin
    /// would have avoided doubles the spin, a sleep much longer than this (8 times, or a wait that ran to
    /// <see cref="MaxIdleWait"/>) halves it, so a loop that is idle for longer stops spinning after a few sleeps and uses
    /// no CPU; a spin the scheduler interrupts (the core is wanted elsewhere) ends at once and the loop does not spin for
    /// a few sleeps, more when that keeps happening; a shut spin is tried once every 32 sleeps and reopens when it
    /// catches work. Between polls the spin yields the core to any thread waiting for it, so it does not hold a core
    /// another thread of the machine needs. Spinning spares whoever completes the loop's request the cost of
    /// waking it, which dominates a request/response exchange over few connections. <see cref="TimeSpan.Zero"/> never
    /// spins. At most 10 ms. Default 100 µs.
    /// </summary>
    public TimeSpan MaxIdleSpin { get; init; } = TimeSpan.FromMicroseconds(100);

    /// <summary>Completions reaped per kernel round trip (1..65536). Default 256.</summary>
    public int CompletionBatchSize { get; init; } = 256;

    /// <summary>The loop thread's name; null for "Uring event loop N".</summary>
    public string? ThreadName { get; init; }

    /// <summary>
    /// Receives an exception that escaped work posted to the loop (a callback, an <c>async void</c> method), and
    /// the loop goes on. When null (the default) such an exception is rethrown on the loop thread and ends the
    /// process, as an unhandled exception on a thread-pool thread does.
    /// </summary>
    public Action<Exception>? UnhandledException { get; init; }

    /// <summary>
    /// Bytes per buffer of the loop's provided-buffer ring, which copy-free receives
    /// (<see cref="LoopConnection.ReceiveProvidedAsync"/>, <see cref="LoopDuplexPipe"/>) select from. Default 4096.
    /// </summary>
    public int ProvidedBufferSize { get; init; } = 4096;

    /// <summary>
    /// Buffers in the loop's provided-buffer ring (1..32768), shared by every connection of the loop; a connection holds
    /// one only while its application has not consumed the bytes in it. The ring is registered (and its memory
    /// allocated) the first time a connection receives into it. Default 1024 (4 MiB with the default size).
    /// </summary>
    public int ProvidedBufferCount { get; init; } = 1024;

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Entries < 1 || Entries > RingOptions.EntriesHuge)
        {
            throw new ArgumentOutOfRangeException(nameof(Entries), Entries, $"Entries must be in 1..{RingOptions.EntriesHuge}.");
        }

        if (WorkQueueCapacity < 2 || WorkQueueCapacity > 1 << 24)
        {
            throw new ArgumentOutOfRangeException(nameof(WorkQueueCapacity), WorkQueueCapacity, "WorkQueueCapacity must be in 2..16777216.");
        }

        if (MaxIdleWait <= TimeSpan.Zero || MaxIdleWait > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdleWait), MaxIdleWait, "MaxIdleWait must be positive and at most one day.");
        }

        if (MaxIdleSpin < TimeSpan.Zero || MaxIdleSpin > TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdleSpin), MaxIdleSpin, "MaxIdleSpin must be in 0..10 ms.");
        }

        if (CompletionBatchSize < 1 || CompletionBatchSize > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(CompletionBatchSize), CompletionBatchSize, "CompletionBatchSize must be in 1..65536.");
        }

        if (ProvidedBufferSize < 1 || ProvidedBufferSize > BufferLimits.MaxProvidedBufferBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(ProvidedBufferSize), ProvidedBufferSize, $"ProvidedBufferSize must be in 1..{BufferLimits.MaxProvidedBufferBytes}.");
        }

        if (ProvidedBufferCount < 1 || ProvidedBufferCount > BufferLimits.MaxProvidedBuffers)
        {
            throw new ArgumentOutOfRangeException(nameof(ProvidedBufferCount), ProvidedBufferCount, $"ProvidedBufferCount must be in 1..{BufferLimits.MaxProvidedBuffers}.");
        }

        if ((long)ProvidedBufferSize * ProvidedBufferCount > BufferLimits.MaxNativeBufferBytes)
        {
            // Lent buffers are slices of one Memory<byte> over the whole ring.
            throw new ArgumentOutOfRangeException(
                nameof(ProvidedBufferCount),
                ProvidedBufferCount,
                $"ProvidedBufferCount × ProvidedBufferSize must be at most {BufferLimits.MaxNativeBufferBytes} bytes.");
        }
    }
}
