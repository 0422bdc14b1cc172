using System;
using Uring;

public static partial class MailboxOps
{
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike)]
    public static partial bool TryPrepareRecvMail(this Ring ring, SqeContext context, [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] Span<byte> mail);
}

public static class MailboxReader
{
    public static bool TryArm(Ring ring, int socket)
    {
        byte[] mail = new byte[512];
        // The generated Memory<byte> overload pins the array until the completion.
        return ring.TryPrepareRecvMail(SqeContext.FromValue(6), socket, mail.AsMemory());
    }
}
