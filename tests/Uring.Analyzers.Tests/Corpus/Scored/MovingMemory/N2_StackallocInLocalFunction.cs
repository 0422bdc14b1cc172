using System;
using System.Threading;
using Uring;

public sealed class Probe
{
    public void Run(Ring ring, int socket, CqeView[] cqes)
    {
        void Arm()
        {
            Span<byte> tiny = stackalloc byte[32];
            ring.TryPrepareRecv(SqeContext.FromValue(2), socket, tiny); // expect URING0001
        }

        Arm();
        ring.Submit();
        ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
