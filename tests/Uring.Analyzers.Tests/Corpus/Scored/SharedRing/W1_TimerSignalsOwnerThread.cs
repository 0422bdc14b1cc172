using System;
using System.Threading;
using Uring;

public sealed class Heartbeat : IDisposable
{
    private readonly Ring _ring;
    private readonly Timer _timer;
    private readonly byte[] _beat = GC.AllocateArray<byte>(1, pinned: true);
    private int _due;

    public Heartbeat(Ring ring)
    {
        _ring = ring;
        _timer = new Timer(_ => Interlocked.Exchange(ref _due, 1), null, 1000, 1000);
    }

    // Called by the thread that owns the ring, from its reap loop.
    public void OnOwnerTick(int socket)
    {
        if (Interlocked.Exchange(ref _due, 0) == 1)
        {
            _ring.TryPrepareSend(SqeContext.FromValue(3), socket, _beat.AsMemory());
            _ring.Submit();
        }
    }

    public void Dispose() => _timer.Dispose();
}
