using System;
using System.Text;
using Uring;

public sealed class StatusPusher
{
    private readonly Ring _ring;
    private readonly int _socket;
    private readonly byte[] _outgoing = GC.AllocateArray<byte>(512, pinned: true);

    public StatusPusher(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public bool Push(string status)
    {
        int length = Encoding.UTF8.GetBytes(status, _outgoing);
        if (!_ring.TryPrepareSend(SqeContext.FromValue(7), _socket, _outgoing.AsSpan(0, length)))
        {
            return false;
        }

        _ring.Submit();
        _outgoing.AsSpan().Fill(0); // expect URING0003
        return true;
    }
}
