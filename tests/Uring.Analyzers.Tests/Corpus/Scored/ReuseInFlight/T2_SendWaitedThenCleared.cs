using System;
using System.Threading;
using Uring;

public sealed class Beacon2
{
    private readonly byte[] _scratch = GC.AllocateArray<byte>(128, pinned: true);
    private readonly CqeView[] _done = new CqeView[1];

    public int Send(Ring ring, int socket, int sequence)
    {
        BitConverter.TryWriteBytes(_scratch, sequence);
        ring.TryPrepareSend(SqeContext.FromValue((ulong)sequence), socket, _scratch.AsSpan(0, 4));
        ring.Wait(_done, 1, Timeout.InfiniteTimeSpan);
        Array.Clear(_scratch);
        return _done[0].Result;
    }
}
