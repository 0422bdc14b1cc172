using System;
using Uring;

public sealed class Relay
{
    private readonly Ring _ring;

    public Relay(Ring ring) => _ring = ring;

    public void Forward(int socket, string base64Payload)
    {
        _ring.TryPrepareSend(SqeContext.FromValue(5), socket, Convert.FromBase64String(base64Payload).AsSpan()); // expect URING0001
        _ring.Submit();
    }
}
