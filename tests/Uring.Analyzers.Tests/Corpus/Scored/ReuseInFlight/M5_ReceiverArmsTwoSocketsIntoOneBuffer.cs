using System;
using System.Collections.Generic;
using Uring;

public sealed class Multiplexer
{
    private readonly Ring _ring;
    private readonly byte[] _inbox = GC.AllocateArray<byte>(8192, pinned: true);

    public Multiplexer(Ring ring) => _ring = ring;

    public void ArmAll(IReadOnlyList<int> sockets)
    {
        for (int i = 0; i < sockets.Count; i++)
        {
            _ring.TryPrepareRecv(SqeContext.FromValue((ulong)sockets[i]), sockets[i], _inbox.AsSpan()); // expect URING0003
        }

        _ring.Submit();
    }
}
