using System;
using Uring;

public sealed class Echo
{
    public void Reply(Ring ring, int socket, ReadOnlySpan<byte> request)
    {
        byte[] reply = request.ToArray();
        Array.Reverse(reply);
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, reply.AsSpan()); // expect URING0001
    }
}
