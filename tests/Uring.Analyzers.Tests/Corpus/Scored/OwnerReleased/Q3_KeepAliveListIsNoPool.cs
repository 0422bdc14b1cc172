using System;
using System.Collections.Generic;
using Uring;

public sealed class KeepAlive
{
    private readonly List<byte[]> _held = new();

    public void Hold(byte[] buffer) => _held.Add(buffer);

    public byte[] Latest() => _held[^1];

    public int Count => _held.Count;
}

public sealed class Sender
{
    private readonly KeepAlive _alive = new();

    public void Send(Ring ring, int socket, int size)
    {
        byte[] buffer = GC.AllocateArray<byte>(size, pinned: true);
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, buffer.AsSpan());
        ring.Submit();
        _alive.Hold(buffer);
    }
}
