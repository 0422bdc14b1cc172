using System;
using System.Buffers;
using System.IO.Pipelines;

namespace Uring;

/// <summary>How a <see cref="LoopDuplexPipe"/> buffers. The defaults are Kestrel's socket transport's.</summary>
public sealed record LoopDuplexPipeOptions
{
    /// <summary>
    /// Where pipe memory comes from. Null (the default) for the runtime's pool of 4 KiB blocks on the pinned object
    /// heap, which pins for free and never trims, so a steady connection allocates nothing even while GCs run.
    /// </summary>
    public MemoryPool<byte>? MemoryPool { get; init; }

    /// <summary>
    /// Receive without a copy into the loop's provided-buffer ring (<see cref="EventLoopOptions.ProvidedBufferSize"/>,
    /// <see cref="EventLoopOptions.ProvidedBufferCount"/>): <see cref="LoopDuplexPipe.Input"/>'s buffers are the kernel's
    /// buffers, returned to the ring as the application consumes them, and an idle connection holds none. False to receive
    /// into memory of an input <see cref="System.IO.Pipelines.Pipe"/> from <see cref="MemoryPool"/> instead
    /// (<see cref="ReceiveBufferSize"/> applies then). Default true.
    /// </summary>
    public bool UseProvidedBuffers { get; init; } = true;

    /// <summary>
    /// The smallest buffer a receive asks of the input pipe (its <c>minimumSegmentSize</c>), in bytes, when
    /// <see cref="UseProvidedBuffers"/> is false. Default 4096.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 4096;

    /// <summary>
    /// Received bytes the application has not consumed at which receiving pauses (backpressure: the receive loop waits in
    /// <see cref="PipeWriter.FlushAsync"/>); it resumes below half of it. 0 for no limit. Default 1 MiB.
    /// </summary>
    public long MaxReadBufferSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Bytes written and not yet sent at which the application's <see cref="PipeWriter.FlushAsync"/> waits; it resumes
    /// below half of it. 0 for no limit. Default 64 KiB.
    /// </summary>
    public long MaxWriteBufferSize { get; init; } = 64 * 1024;

    /// <summary>
    /// Where the application's continuations run: after an await of <see cref="LoopDuplexPipe.Input"/>'s
    /// <c>ReadAsync</c> and of <see cref="LoopDuplexPipe.Output"/>'s <c>FlushAsync</c>. Null (the default) for the
    /// connection's loop, so code running on the loop stays there with no thread hop and no allocation;
    /// <see cref="PipeScheduler.ThreadPool"/> to run application code off the loop, as Kestrel does.
    /// </summary>
    public PipeScheduler? ApplicationScheduler { get; init; }

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (ReceiveBufferSize < 1 || ReceiveBufferSize > BufferLimits.MaxProvidedBufferBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), ReceiveBufferSize, $"ReceiveBufferSize must be in 1..{BufferLimits.MaxProvidedBufferBytes}.");
        }

        if (MaxReadBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReadBufferSize), MaxReadBufferSize, "MaxReadBufferSize must not be negative (0: no limit).");
        }

        if (MaxWriteBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWriteBufferSize), MaxWriteBufferSize, "MaxWriteBufferSize must not be negative (0: no limit).");
        }
    }
}
