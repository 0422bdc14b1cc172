using System;
using Uring;

public sealed class Notifier
{
    private readonly Ring _ring = new();
    private readonly CqeView[] _cqes = new CqeView[1];
    private readonly byte[] _message = GC.AllocateArray<byte>(64, pinned: true);

    public Notifier() => _ring.Start();

    public void Notify(int socket)
    {
        _ring.TryPrepareSend(SqeContext.FromValue(77), socket, _message.AsSpan());
        int n = _ring.Wait(_cqes, 1, TimeSpan.FromSeconds(5)); // expect URING0008
        if (n == 0)
        {
            throw new TimeoutException("peer did not take the notification");
        }
    }
}
