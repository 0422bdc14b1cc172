using Uring;

namespace Uring.PackageSmoke;

/// <summary>Ops this program declares itself; the generator in the Uring package writes their bodies.</summary>
public static partial class EchoOps
{
    /// <summary>IORING_OP_NOP that completes with <paramref name="result"/> (IORING_NOP_INJECT_RESULT).</summary>
    /// <returns>False when the submission queue is full.</returns>
    [UringOp(IoUringOp.Nop, Fd = -1, OpFlags = (uint)NopFlags.InjectResult)]
    public static partial bool TryPrepareEcho(this Ring ring, SqeContext context, [Sqe(SqeField.Len)] int result);

    /// <summary>
    /// IORING_OP_READ at the file position into <paramref name="buffer"/>, which the kernel writes until the completion;
    /// the generator also writes a Memory&lt;byte&gt; overload whose memory the ring pins until then.
    /// </summary>
    /// <returns>False when the submission queue is full.</returns>
    [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike, Off = -1)]
    public static partial bool TryPrepareReadInto(
        this Ring ring,
        SqeContext context,
        [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] System.Span<byte> buffer);
}
