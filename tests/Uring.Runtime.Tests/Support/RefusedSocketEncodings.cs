using System;

namespace Uring.Tests.Support;

/// <summary>Encodings the runtime deliberately does not offer, declared here to test the kernel's answer.</summary>
internal static partial class RefusedSocketEncodings
{
    /// <summary>SEND with <c>IORING_RECVSEND_FIXED_BUF</c> (the reference's <c>sendFixed</c>): Linux 6.18 answers EINVAL.</summary>
    [UringOp(IoUringOp.Send, IoPrio = (ushort)RecvSendIoFlags.FixedBuffer)]
    public static partial bool TryPrepareSendWithFixedBufferFlag(
        this Ring ring,
        SqeContext context,
        [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(SqeField.BufIndex)] ushort bufferIndex,
        in OpOptions options = default);
}
