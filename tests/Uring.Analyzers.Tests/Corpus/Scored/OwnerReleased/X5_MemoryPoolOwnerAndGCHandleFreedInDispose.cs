using System;
using System.Buffers;
using System.Runtime.InteropServices;
using Uring;

public sealed class Capture : IDisposable
{
    private readonly Ring _ring;
    private readonly IMemoryOwner<byte> _owner;
    private readonly byte[] _header = new byte[64];
    private GCHandle _headerPin;
    private readonly CqeView[] _cqes = new CqeView[16];

    public Capture()
    {
        _ring = new Ring(new RingOptions { Entries = 64 });
        _ring.Start();
        _owner = MemoryPool<byte>.Shared.Rent(64 * 1024);
        _headerPin = GCHandle.Alloc(_header, GCHandleType.Pinned);
    }

    public bool Arm(int socket)
    {
        return _ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _header.AsSpan())
            && _ring.TryPrepareRecv(SqeContext.FromValue(2), socket, _owner.Memory);
    }

    public int Poll() => _ring.Reap(_cqes);

    public void Dispose()
    {
        _ring.Dispose();
        _headerPin.Free();
        _owner.Dispose();
    }
}
