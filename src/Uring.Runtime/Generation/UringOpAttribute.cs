using System;

namespace Uring;

/// <summary>
/// Declares an op-prep method whose body the Uring generator writes. Put it on a <c>partial</c> method
/// that returns <see cref="bool"/> and takes an <see cref="SqeContext"/>; map the other parameters to SQE
/// members with <see cref="SqeAttribute"/> or <see cref="SqeFlagAttribute"/>, and an optional
/// <c>in <see cref="OpOptions"/></c> parameter for the common flags. Instance methods of
/// <see cref="Ring"/> use <c>this</c>; a static method anywhere else takes the <see cref="Ring"/> as a
/// parameter (an extension method works well).
/// </summary>
/// <remarks>
/// The generated body validates staged input (paths, durations) first, reserves an SQE (returning
/// <c>false</c> when the SQ is full), writes every mapped member at its uapi offset (constants from this
/// attribute are OR-ed with parameter values), stages consume-time data, and publishes the entry.
/// Next to it the generator writes a generic overload of the same name that takes
/// <c>in TContext context</c> (a <see cref="UringContextAttribute"/> struct, through
/// <see cref="IUringContext{TSelf}"/>) instead of the <see cref="SqeContext"/>, with every other parameter as
/// declared: it rents a pooled Extended context, stores the value in it and prepares the op with it, and
/// returns the context to the pool when the op is not prepared (SQ full, or the op throws). An
/// <c>override</c> gets no such overload (the overridden op's overload calls it virtually).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class UringOpAttribute : Attribute
{
    /// <summary>Declares a prep method for <paramref name="op"/>.</summary>
    public UringOpAttribute(IoUringOp op) => Op = op;

    /// <summary>The opcode written at +0.</summary>
    public IoUringOp Op { get; }

    /// <summary>The completion policy; <see cref="UringOpKind.WriteLike"/> follows <see cref="RingOptions.NotifySucceed"/>.</summary>
    public UringOpKind Kind { get; set; }

    /// <summary>Constant <see cref="Uring.SqeFlags"/> (for example <see cref="Uring.SqeFlags.FixedFile"/>).</summary>
    public SqeFlags SqeFlags { get; set; }

    /// <summary>Constant <c>ioprio</c> (per-op flags for send/recv/accept).</summary>
    public ushort IoPrio { get; set; }

    /// <summary>Constant <c>fd</c> (for example -1 for ops without a file).</summary>
    public int Fd { get; set; }

    /// <summary>Constant <c>off</c>/<c>addr2</c>.</summary>
    public long Off { get; set; }

    /// <summary>Constant <c>addr</c>.</summary>
    public long Addr { get; set; }

    /// <summary>Constant <c>len</c>.</summary>
    public uint Len { get; set; }

    /// <summary>Constant bits of the +28 per-op flags.</summary>
    public uint OpFlags { get; set; }

    /// <summary>Constant <c>buf_index</c>/<c>buf_group</c>.</summary>
    public ushort BufIndex { get; set; }

    /// <summary>Constant <c>file_index</c>.</summary>
    public uint FileIndex { get; set; }

    /// <summary>Constant <c>addr3</c>.</summary>
    public long Addr3 { get; set; }
}

/// <summary>
/// Maps an op-prep parameter to an SQE member. How the value is encoded follows from the parameter's type:
/// integers and enums are stored; spans store their address (the kernel uses that memory until the
/// completion) unless <see cref="Staged"/>; <see cref="ReadOnlySpan{T}"/> of <see cref="char"/> is a path,
/// staged as NUL-terminated UTF-8; <see cref="TimeSpan"/> is staged as a <c>__kernel_timespec</c>; a
/// <see cref="FileTarget"/> goes in <see cref="SqeField.FileIndex"/>.
/// </summary>
/// <remarks>
/// On a property or field of a struct, it maps that member instead: an op parameter of the struct's type that
/// carries no attribute itself then writes each mapped member (integers and enums) to its field, as
/// <see cref="SocketSpec"/> does for the domain, type and protocol of a socket.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class SqeAttribute : Attribute
{
    /// <summary>Maps the parameter to <paramref name="field"/>.</summary>
    public SqeAttribute(SqeField field) => Field = field;

    /// <summary>The member that receives the value or address.</summary>
    public SqeField Field { get; }

    /// <summary>For spans: the member that receives the element count (bytes for a byte span).</summary>
    public SqeField LengthField { get; set; }

    /// <summary>
    /// For spans and structs: copy the data into the ring's per-slot staging, which lives until the kernel
    /// consumes the SQE, instead of passing the caller's memory. For data the kernel reads at submit time
    /// (iovec arrays, sockaddrs, <c>open_how</c>), so the caller's copy may die right after the call.
    /// A value type implementing <see cref="ISlotStageable"/> stages itself (for data with inner pointers).
    /// </summary>
    public bool Staged { get; set; }

    /// <summary>For spans: reject an empty span with <see cref="ArgumentException"/> before anything is reserved.</summary>
    public bool NotEmpty { get; set; }

    /// <summary>
    /// Add this to the value before storing it (for example 1 for a direct-descriptor slot, stored as slot + 1). A
    /// biased <see cref="SqeField.FileIndex"/> parameter is a direct-descriptor slot: the generated method checks it
    /// with <see cref="SqeEncoding.ValidateDirectSlot"/> before reserving, so slot + 1 can never wrap to 0 (not
    /// direct) or reach <c>IORING_FILE_INDEX_ALLOC</c>.
    /// </summary>
    public int Bias { get; set; }

    /// <summary>
    /// For an integer or enum, or a staged struct with an integer <c>Flags</c> member, in an op with a
    /// <see cref="FileTarget"/> parameter: the value holds the close-on-exec bit (<c>O_CLOEXEC</c> =
    /// <c>SOCK_CLOEXEC</c>), which the generated method sends only for <see cref="FileTarget.Descriptor"/> and
    /// clears for a slot target (<see cref="SqeEncoding.CreationFlags"/>; the kernel refuses it for a slot).
    /// </summary>
    public bool CarriesCloseOnExec { get; set; }

    /// <summary>
    /// For a <see cref="FileTarget"/>: the kinds of target the op cannot take. The generated method rejects them
    /// with <see cref="ArgumentException"/> before reserving (<see cref="SqeEncoding.RefuseFileTarget"/>).
    /// </summary>
    public FileTargetKind[]? Refuses { get; set; }
}

/// <summary>Maps a <see cref="bool"/> op-prep parameter to bits OR-ed into an SQE member when it is true.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class SqeFlagAttribute : Attribute
{
    /// <summary>ORs <paramref name="value"/> (an integer or enum constant) into <paramref name="field"/> when the parameter is true.</summary>
    public SqeFlagAttribute(SqeField field, object value)
    {
        Field = field;
        Value = value;
    }

    /// <summary>The member that receives the bits.</summary>
    public SqeField Field { get; }

    /// <summary>The bits.</summary>
    public object Value { get; }
}
