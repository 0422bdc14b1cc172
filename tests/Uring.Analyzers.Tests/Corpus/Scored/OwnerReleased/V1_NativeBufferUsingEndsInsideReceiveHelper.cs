using System;
using Uring;

public sealed class ControlChannel
{
    private readonly Ring _ring;
    private readonly int _socket;

    public ControlChannel(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public bool TryArmReceive()
    {
        using NativeBuffer buffer = new(4096); // expect URING0002
        if (!_ring.TryPrepareRecv(SqeContext.FromValue(42), _socket, buffer.Span))
        {
            return false;
        }

        return _ring.Submit() > 0; // expect URING0002
    } // expect URING0002
}
