using System;
using System.Threading;
using Uring;

public sealed class Rpc
{
    private readonly Ring _ring = new();
    private readonly CqeView[] _cqes = new CqeView[2];
    private readonly byte[] _request = GC.AllocateArray<byte>(64, pinned: true);
    private readonly byte[] _reply = GC.AllocateArray<byte>(64, pinned: true);

    public Rpc() => _ring.Start();

    public int Call(int socket)
    {
        _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _request.AsSpan(), options: OpOptions.Linked);
        _ring.TryPrepareRecv(SqeContext.FromValue(2), socket, _reply.AsSpan());
        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
