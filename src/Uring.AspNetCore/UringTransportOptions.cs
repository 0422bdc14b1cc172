using System;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Uring.AspNetCore;

/// <summary>
/// How the Uring transport runs Kestrel's connections. The defaults suit a server that owns the machine: one event loop
/// per two cores, Kestrel's buffer limits, application code on the thread pool as with Kestrel's socket transport.
/// </summary>
public sealed class UringTransportOptions
{
    /// <summary>
    /// Event loops (each one ring on one thread) that carry the connections; accepted connections are spread over them
    /// round-robin. 0 (the default): one per two processors (<see cref="Environment.ProcessorCount"/>, at least one) when
    /// the application runs on the thread pool, one per processor with <see cref="UnsafePreferInlineScheduling"/>. On the
    /// thread pool the loops only move bytes while the application's work runs on pool threads that need the cores too;
    /// fewer loops mean fewer threads woken per request and more connections served per loop iteration.
    /// </summary>
    public int LoopCount { get; set; }

    /// <summary>SQ entries of each loop's ring (1..32768, see <see cref="EventLoopOptions.Entries"/>). Default 1024.</summary>
    public int RingEntries { get; set; } = 1024;

    /// <summary>The smallest buffer one receive fills, in bytes (see <see cref="LoopDuplexPipeOptions.ReceiveBufferSize"/>). Default 4096.</summary>
    public int ReceiveBufferSize { get; set; } = 4096;

    /// <summary>
    /// Received bytes the application has not read at which receiving pauses (backpressure), as
    /// <see cref="SocketTransportOptions.MaxReadBufferSize"/>; 0 or null for no limit. Default 1 MiB.
    /// </summary>
    public long? MaxReadBufferSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Bytes written and not yet sent at which the application's flush waits, as
    /// <see cref="SocketTransportOptions.MaxWriteBufferSize"/>; 0 or null for no limit. Default 64 KiB.
    /// </summary>
    public long? MaxWriteBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// The longest an idle event loop spins (polling its ring and queue without a system call) before it blocks in the
    /// kernel; see <see cref="EventLoopOptions.MaxIdleSpin"/>. Null (the default): the loop's default (100 µs), in both
    /// scheduling modes. The spin yields its core between polls, so a loop spinning while the application writes its
    /// response on a thread-pool thread does not hold the core that thread needs. <see cref="TimeSpan.Zero"/> never
    /// spins. At most 10 ms.
    /// </summary>
    public TimeSpan? MaxIdleSpin { get; set; }

    /// <summary>The listen backlog (pending connections the kernel queues), as <see cref="SocketTransportOptions.Backlog"/>. Default 512.</summary>
    public int Backlog { get; set; } = 512;

    /// <summary>
    /// Runs Kestrel and the application on the event loop thread that owns the connection, instead of the thread pool,
    /// as <see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/> does for the socket transport: no thread hop per
    /// read or write, and the fastest setting. Unsafe because code that blocks (a synchronous database call, <c>.Result</c>)
    /// then stops every connection of that loop, and an <c>await</c> resumes on the loop. Default false.
    /// </summary>
    public bool UnsafePreferInlineScheduling { get; set; }

    /// <summary>
    /// Strict mode: when io_uring is unavailable, startup fails with the reason (an <see cref="InvalidOperationException"/>
    /// from the bind) instead of falling back to Kestrel's socket transport with a warning. Default false.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Tests: makes the probe fail as if the kernel refused the ring with this errno.</summary>
    internal Errno? SimulatedSetupErrno { get; set; }

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (LoopCount < 0 || LoopCount > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(LoopCount), LoopCount, "LoopCount must be in 0..1024 (0: the default for the scheduling mode).");
        }

        if (RingEntries < 1 || RingEntries > RingOptions.EntriesHuge)
        {
            throw new ArgumentOutOfRangeException(nameof(RingEntries), RingEntries, $"RingEntries must be in 1..{RingOptions.EntriesHuge}.");
        }

        if (ReceiveBufferSize < 1 || ReceiveBufferSize > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), ReceiveBufferSize, "ReceiveBufferSize must be in 1..1048576.");
        }

        if (MaxReadBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReadBufferSize), MaxReadBufferSize, "MaxReadBufferSize must not be negative (0 or null: no limit).");
        }

        if (MaxWriteBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWriteBufferSize), MaxWriteBufferSize, "MaxWriteBufferSize must not be negative (0 or null: no limit).");
        }

        if (MaxIdleSpin is { } spin && (spin < TimeSpan.Zero || spin > TimeSpan.FromMilliseconds(10)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdleSpin), spin, "MaxIdleSpin must be in 0..10 ms (null: the loop's default).");
        }

        if (Backlog < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Backlog), Backlog, "Backlog must be positive.");
        }
    }

    /// <summary>The loops' idle spin: <see cref="MaxIdleSpin"/>, or the loop's default.</summary>
    /// <param name="loopDefault">The loop's own default.</param>
    internal TimeSpan EffectiveMaxIdleSpin(TimeSpan loopDefault) => MaxIdleSpin ?? loopDefault;

    /// <summary>The loop count to start: <see cref="LoopCount"/>, or the default for the scheduling mode (see there).</summary>
    internal int EffectiveLoopCount => LoopCount != 0 ? LoopCount
        : UnsafePreferInlineScheduling ? Environment.ProcessorCount
        : Math.Max(1, Environment.ProcessorCount / 2);
}
