using System;
using System.Threading;
using Uring;

public sealed class Streamer
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true });
    private readonly CqeView[] _cqes = new CqeView[2];
    private byte[] _front = GC.AllocateArray<byte>(4096, pinned: true);
    private byte[] _back = GC.AllocateArray<byte>(4096, pinned: true);

    public void Stream(int socket, Func<Memory<byte>, int> fill, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            int n = fill(_back);
            _ring.TryPrepareSend(SqeContext.FromValue((ulong)i), socket, _back.AsSpan(0, n));
            _ring.Submit();
            if (i > 0)
            {
                _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            }

            (_front, _back) = (_back, _front);
        }
    }
}
