using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Cancellable
{
    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[4];

    public Cancellable(Ring ring) => _ring = ring;

    public int Receive(int socket, CancellationToken token)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            _ring.TryPrepareRecv(SqeContext.FromValue(7), socket, buffer.AsMemory());
            _ring.Submit();
            while (true)
            {
                int n = _ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(100));
                for (int i = 0; i < n; i++)
                {
                    if (_cqes[i].Context.Value == 7)
                    {
                        return _cqes[i].Result;
                    }
                }

                if (token.IsCancellationRequested)
                {
                    _ring.TryPrepareCancel(SqeContext.FromValue(8), 7);
                    _ring.Wait(_cqes, 2, Timeout.InfiniteTimeSpan);
                    return -1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
