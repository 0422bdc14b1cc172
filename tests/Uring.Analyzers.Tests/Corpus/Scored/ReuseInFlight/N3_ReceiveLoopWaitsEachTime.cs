using System;
using System.Threading;
using Uring;

public sealed class LineCounter
{
    private readonly byte[] _chunk = GC.AllocateArray<byte>(8192, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[1];

    public long Count(Ring ring, int socket)
    {
        long lines = 0;
        while (true)
        {
            ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _chunk.AsSpan());
            ring.Submit();
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            int n = _cqes[0].Result;
            if (n <= 0)
            {
                return lines;
            }

            lines += _chunk.AsSpan(0, n).Count((byte)'\n');
            _chunk.AsSpan(0, n).Clear();
        }
    }
}
