using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Pinger
{
    private readonly CqeView[] _done = new CqeView[1];

    public int Ping(Ring ring, int socket)
    {
        byte[] reply = ArrayPool<byte>.Shared.Rent(512);
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, reply.AsMemory(0, 512));
        ring.Submit();
        ArrayPool<byte>.Shared.Return(reply); // expect URING0002
        ring.Wait(_done, 1, Timeout.InfiniteTimeSpan);
        return _done[0].Result;
    }
}
