using System;
using Uring;

public sealed class Growing
{
    private byte[] _buffer = new byte[128];

    public void Grow() => Array.Resize(ref _buffer, _buffer.Length * 2);

    public void Arm(Ring ring, int socket) => ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _buffer.AsSpan()); // expect URING0001
}
