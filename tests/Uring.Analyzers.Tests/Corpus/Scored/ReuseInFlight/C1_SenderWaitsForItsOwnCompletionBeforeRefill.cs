using System;
using System.Threading;
using Uring;

public sealed class OrderedSender
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true });
    private readonly byte[] _buffer = GC.AllocateArray<byte>(1024, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[8];

    public OrderedSender() => _ring.Start();

    private void AwaitTag(ulong tag)
    {
        while (true)
        {
            int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            for (int i = 0; i < n; i++)
            {
                if (_cqes[i].Context.Value == tag)
                {
                    return;
                }
            }
        }
    }

    public void SendAll(int socket, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        a.CopyTo(_buffer);
        _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _buffer.AsSpan(0, a.Length));
        _ring.Submit();
        AwaitTag(1);
        b.CopyTo(_buffer);
        _ring.TryPrepareSend(SqeContext.FromValue(2), socket, _buffer.AsSpan(0, b.Length));
        _ring.Submit();
        AwaitTag(2);
    }
}
