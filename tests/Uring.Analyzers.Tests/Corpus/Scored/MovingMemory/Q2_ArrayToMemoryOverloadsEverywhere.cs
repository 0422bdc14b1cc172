using System;
using System.Text;
using System.Text.Json;
using Uring;

public sealed record Event(string Name, int Value);

public sealed class Publisher
{
    public void Publish(Ring ring, int socket, Event e)
    {
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, JsonSerializer.SerializeToUtf8Bytes(e).AsMemory());
        byte[] line = Encoding.UTF8.GetBytes(e.Name + "\n");
        ring.TryPrepareSend(SqeContext.FromValue(2), socket, line.AsMemory());
        var inbox = new byte[256];
        ring.TryPrepareRecv(SqeContext.FromValue(3), socket, inbox.AsMemory());
        ring.Submit();
    }
}
