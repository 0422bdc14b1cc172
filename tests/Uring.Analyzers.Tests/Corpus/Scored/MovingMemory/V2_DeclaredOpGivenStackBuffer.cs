using System;
using Uring;

public static partial class PeerOps
{
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike)]
    public static partial bool TryPrepareRecvHeader(this Ring ring, SqeContext context, [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] Span<byte> header);
}

public static class HandshakeReader
{
    public static int ReadHello(Ring ring, int socket)
    {
        Span<byte> hello = stackalloc byte[32];
        if (!ring.TryPrepareRecvHeader(SqeContext.FromValue(4), socket, hello)) // expect URING0001
        {
            return -1;
        }

        ring.Submit();
        return 0;
    }
}
