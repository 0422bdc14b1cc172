using System;
using Uring;

public sealed class Receiver : IDisposable
{
    private readonly Ring _ring;
    private readonly byte[] _slab = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
    private readonly NativeBuffer _headers = new(4096);

    public Receiver(Ring ring) => _ring = ring;

    public bool Arm(int socket, int slot)
    {
        bool body = _ring.TryPrepareRecv(SqeContext.FromValue((ulong)slot), socket, _slab.AsSpan(slot * 1024, 1024));
        bool head = _ring.TryPrepareRecv(SqeContext.FromValue((ulong)slot | 1UL << 32), socket, _headers.Span.Slice(slot * 16, 16));
        _ring.Submit();
        return body && head;
    }

    public void Dispose() => _headers.Dispose();
}
