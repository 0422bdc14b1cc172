using System;
using Uring;

public sealed class Session
{
    private readonly Ring _ring;

    public Session(Ring ring) => _ring = ring;

    public Memory<byte> Inbox { get; } = GC.AllocateArray<byte>(4096, pinned: true);

    public void Rearm(int socket)
    {
        _ring.TryPrepareRecv(SqeContext.FromValue(1), socket, Inbox.Span);
        _ring.Submit();
        Inbox.Span.Clear(); // expect URING0003
    }
}
