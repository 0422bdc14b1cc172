namespace Uring;

/// <summary>
/// Options every op accepts: <c>IOSQE_*</c> flags (links, drain, async, fixed file, skip-success),
/// I/O priority and personality. A struct passed by <c>in</c>, so passing it costs nothing.
/// </summary>
// Eight bytes, not the six its fields need: a caller's default is then zeroed with one 8-byte store, and every field
// read of a prep method (the JIT reads the ushorts with 4-byte loads) lies inside that store, so the CPU forwards it.
// At six bytes the zeroing took a 4-byte and a 2-byte store that those loads straddle; the failed store forwarding
// stalled each prep for about half of its time (measured: most of the NOP loop's prep samples sat on those two loads).
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 8)]
public readonly record struct OpOptions
{
    /// <summary>SQE flags OR-ed into the op's own.</summary>
    public SqeFlags Flags { get; init; }

    /// <summary>
    /// The <c>ioprio</c> value (class &lt;&lt; 13 | level, see <see cref="Uring.IoPriority.Create"/>). Ignored by ops that use
    /// <c>ioprio</c> for their own flags (send, recv, accept).
    /// </summary>
    public ushort IoPriority { get; init; }

    /// <summary>A personality id from <c>IORING_REGISTER_PERSONALITY</c>; 0 = the submitting task's credentials.</summary>
    public ushort Personality { get; init; }

    /// <summary>No options.</summary>
    public static OpOptions None => default;

    /// <summary>Links the next request to this one (<c>IOSQE_IO_LINK</c>).</summary>
    public static OpOptions Linked => new() { Flags = SqeFlags.IoLink };

    /// <summary>Hard-links the next request (<c>IOSQE_IO_HARDLINK</c>).</summary>
    public static OpOptions HardLinked => new() { Flags = SqeFlags.IoHardLink };

    /// <summary>Drains earlier requests first (<c>IOSQE_IO_DRAIN</c>).</summary>
    public static OpOptions Drain => new() { Flags = SqeFlags.IoDrain };

    /// <summary>Forces async execution (<c>IOSQE_ASYNC</c>).</summary>
    public static OpOptions Async => new() { Flags = SqeFlags.Async };

    /// <summary>Posts no completion on success (<c>IOSQE_CQE_SKIP_SUCCESS</c>).</summary>
    public static OpOptions SkipSuccess => new() { Flags = SqeFlags.CqeSkipSuccess };

    /// <summary>Treats the fd as a registered-file index (<c>IOSQE_FIXED_FILE</c>).</summary>
    public static OpOptions FixedFile => new() { Flags = SqeFlags.FixedFile };

    /// <summary>These options with <paramref name="flags"/> added.</summary>
    public OpOptions With(SqeFlags flags) => this with { Flags = Flags | flags };
}

/// <summary>I/O priority classes for <see cref="OpOptions.IoPriority"/> (<c>IOPRIO_CLASS_*</c>).</summary>
public enum IoPriorityClass : ushort
{
    /// <summary>No class: the default scheduling.</summary>
    None = 0,
    /// <summary>Real time.</summary>
    RealTime = 1,
    /// <summary>Best effort.</summary>
    BestEffort = 2,
    /// <summary>Idle.</summary>
    Idle = 3,
}

/// <summary>Builds <c>ioprio</c> values.</summary>
public static class IoPriority
{
    /// <summary><c>IOPRIO_PRIO_VALUE(class, level)</c>: class in bits 13–15, level (0–7) in the low bits.</summary>
    public static ushort Create(IoPriorityClass priorityClass, int level)
        => (ushort)(((int)priorityClass << 13) | (level & 0x7));
}
