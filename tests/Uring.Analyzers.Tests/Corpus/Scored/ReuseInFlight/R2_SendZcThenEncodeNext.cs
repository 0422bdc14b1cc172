using System;
using System.Text;
using Uring;

public sealed class Announcer
{
    private readonly Ring _ring;
    private readonly byte[] _wire = GC.AllocateArray<byte>(1024, pinned: true);

    public Announcer(Ring ring) => _ring = ring;

    public void Announce(int socket, string first, string second)
    {
        int n = Encoding.ASCII.GetBytes(first, _wire);
        _ring.TryPrepareSendZc(SqeContext.FromValue(1), socket, _wire.AsSpan(0, n));
        _ring.Submit();
        n = Encoding.ASCII.GetBytes(second, _wire); // expect URING0003
        _ring.TryPrepareSendZc(SqeContext.FromValue(2), socket, _wire.AsSpan(0, n));
        _ring.Submit();
    }
}
