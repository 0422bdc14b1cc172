using System;
using Uring.Interop;

namespace Uring;

/// <summary>
/// What the running kernel's io_uring accepts, as <c>IORING_REGISTER_QUERY</c> (<c>IO_URING_QUERY_OPCODES</c>) reports
/// it: no ring is needed. Kernels without the query (it is newer than most io_uring features) make
/// <see cref="Query"/> throw <see cref="NotSupportedException"/>; <see cref="IsQuerySupported"/> tells beforehand.
/// The per-ring view of the same facts is <see cref="Ring.Features"/>.
/// </summary>
public sealed class KernelCapabilities
{
    private static readonly Lazy<(KernelCapabilities? Capabilities, Errno Error)> s_cached = new(() =>
    {
        KernelCapabilities? capabilities = TryQuery(out Errno error);
        return (capabilities, error);
    });

    private KernelCapabilities(in QueryOpcodes answer)
    {
        RequestOpcodeCount = (int)answer.RequestOpcodes;
        RegisterOpcodeCount = (int)answer.RegisterOpcodes;
        Features = (KernelFeatures)answer.FeatureFlags;
        SetupFlags = (SetupFlags)answer.RingSetupFlags;
        EnterFlags = answer.EnterFlags;
        SqeFlags = (SqeFlags)answer.SqeFlags;
        QueryOpcodeCount = (int)answer.QueryOpcodeCount;
    }

    /// <summary>Request opcodes the kernel knows (<c>IORING_OP_LAST</c>): opcodes 0 to this minus one.</summary>
    public int RequestOpcodeCount { get; }

    /// <summary><c>io_uring_register</c> opcodes the kernel knows (<c>IORING_REGISTER_LAST</c>).</summary>
    public int RegisterOpcodeCount { get; }

    /// <summary>The <c>IORING_FEAT_*</c> bits every ring of this kernel reports.</summary>
    public KernelFeatures Features { get; }

    /// <summary>Every <c>IORING_SETUP_*</c> flag the kernel accepts (each with its prerequisites).</summary>
    public SetupFlags SetupFlags { get; }

    /// <summary>Every <c>IORING_ENTER_*</c> bit the kernel accepts (as raw bits).</summary>
    public ulong EnterFlags { get; }

    /// <summary>Every <c>IOSQE_*</c> flag the kernel accepts.</summary>
    public SqeFlags SqeFlags { get; }

    /// <summary>Query operations the kernel answers (<c>IO_URING_QUERY_*</c>).</summary>
    public int QueryOpcodeCount { get; }

    /// <summary>True when the kernel answers <c>IORING_REGISTER_QUERY</c> (probed once, at first use).</summary>
    public static bool IsQuerySupported => s_cached.Value.Capabilities is not null;

    /// <summary>Asks the kernel (probed once; later calls return the same answer).</summary>
    /// <exception cref="NotSupportedException">The kernel has no <c>IORING_REGISTER_QUERY</c> (it arrived in Linux 6.18).</exception>
    public static KernelCapabilities Query()
    {
        (KernelCapabilities? capabilities, Errno error) = s_cached.Value;
        return capabilities ?? throw Unsupported(error);
    }

    /// <summary>The cached answer, or null when the kernel has no query (for setup checks that fall back on a table).</summary>
    internal static KernelCapabilities? Cached => s_cached.Value.Capabilities;

    /// <summary>
    /// The exception for a kernel that refused the query with <paramref name="error"/>: EINVAL (an opcode past its table)
    /// and EBADF (a kernel that takes no ring-less registration) mean it has no query; anything else is a real failure.
    /// </summary>
    internal static Exception Unsupported(Errno error) => error is Errno.EINVAL or Errno.EBADF
        ? new NotSupportedException(
            $"This kernel ({KernelSupport.Release}) has no IORING_REGISTER_QUERY ({error}): it needs Linux 6.18 or later. "
            + "Use Ring.Features (the probe and feature bits of a ring) instead.")
        : UringException.ForSyscall("io_uring_register(QUERY)", error);

    private static unsafe KernelCapabilities? TryQuery(out Errno error)
    {
        QueryOpcodes answer = default;
        QueryHeader header = new() { QueryData = (ulong)&answer, QueryOp = QueryOps.Opcodes, Size = (uint)sizeof(QueryOpcodes) };
        int rc = Syscalls.IoUringRegister(-1, RegisterOp.RegisterQuery, &header, 0);
        error = rc < 0 ? (Errno)(-rc) : header.Result < 0 ? (Errno)(-header.Result) : 0;
        return error == 0 ? new KernelCapabilities(answer) : null;
    }
}
