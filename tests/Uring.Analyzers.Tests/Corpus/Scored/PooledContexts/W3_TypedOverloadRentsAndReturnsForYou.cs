using System;
using Uring;

[UringContext]
public partial struct Echo
{
    public CompletionHandler Handler;
    public byte[] Buffer;
    public int Fd;
}

public static class EchoServer
{
    public static bool TryArm(Ring ring, int fd, byte[] pinnedBuffer)
    {
        // One call rents, stores and prepares; it gives the context back itself when the SQ is full.
        return ring.TryPrepareRecv(new Echo { Handler = Echo.Handlers.OnRead, Buffer = pinnedBuffer, Fd = fd }, fd, pinnedBuffer.AsMemory());
    }

    [UringHandler]
    public static void OnRead(Ring ring, in CqeView cqe)
    {
        Echo.Ref state = Echo.From(in cqe);
        if (cqe.Result <= 0)
        {
            Echo.Release(ring, cqe.ExtendedSqe);
            return;
        }

        state.Handler = Echo.Handlers.OnWritten;
        if (!ring.TryPrepareSend(cqe.ExtendedSqe.Context, state.Fd, state.Buffer.AsMemory(0, cqe.Result)))
        {
            Echo.Release(ring, cqe.ExtendedSqe);
        }
    }

    [UringHandler]
    public static void OnWritten(Ring ring, in CqeView cqe) => Echo.Release(ring, cqe.ExtendedSqe);
}
