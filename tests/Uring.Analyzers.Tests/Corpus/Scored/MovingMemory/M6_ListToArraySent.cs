using System;
using System.Collections.Generic;
using Uring;

public sealed class PacketBuilder
{
    private readonly List<byte> _bytes = new();

    public void Add(byte value) => _bytes.Add(value);

    public void SendTo(Ring ring, int socket)
    {
        byte[] packet = _bytes.ToArray();
        ring.TryPrepareSend(SqeContext.FromValue(4), socket, packet.AsSpan()); // expect URING0001
        _bytes.Clear();
    }
}
