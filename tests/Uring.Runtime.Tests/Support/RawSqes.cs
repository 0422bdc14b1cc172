namespace Uring.Tests.Support;

/// <summary>Raw SQEs through the public scoped prepare, as a user without a <c>[UringOp]</c> declaration writes them.</summary>
internal static class RawSqes
{
    /// <summary>A NOP (fd -1) filled by hand with <see cref="Ring.TryPrepare{TState}"/>.</summary>
    public static bool TryPrepareRawNop(this Ring ring, SqeContext context)
        => ring.TryPrepare(context, UringOpKind.Other, -1, static (ref SubmissionSlot slot, scoped in int fd) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            slot.Sqe.Fd = fd;
        });
}
