using System;
using System.Text;
using Uring;

public sealed class ChatClient
{
    private readonly Ring _ring;
    private readonly int _socket;

    public ChatClient(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public void Say(string user, string text)
    {
        byte[] wire = Encoding.UTF8.GetBytes($"{user}: {text}\n");
        _ring.TryPrepareSend(SqeContext.FromValue(9), _socket, wire.AsSpan()); // expect URING0001
        _ring.Submit();
    }
}
