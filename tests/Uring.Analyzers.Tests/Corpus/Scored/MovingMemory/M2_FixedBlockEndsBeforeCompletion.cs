using System;
using Uring;

public sealed unsafe class FixedReceiver
{
    private readonly byte[] _buffer = new byte[2048];

    public void Arm(Ring ring, int socket)
    {
        fixed (byte* p = _buffer)
        {
            ring.TryPrepareRecv(SqeContext.FromValue(1), socket, new Span<byte>(p, _buffer.Length)); // expect URING0001
        }

        ring.Submit();
    }
}
