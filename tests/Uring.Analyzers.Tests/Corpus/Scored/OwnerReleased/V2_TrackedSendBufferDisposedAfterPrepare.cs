using System;
using Uring;

public sealed class SnapshotPusher : IZeroCopySendHandler
{
    private readonly Ring _ring;

    public SnapshotPusher(Ring ring) => _ring = ring;

    public bool TryPush(int socket, ReadOnlySpan<byte> snapshot, ulong version)
    {
        NativeBuffer buffer = new(snapshot.Length, zeroed: false);
        snapshot.CopyTo(buffer.Span);
        bool queued = ZeroCopySendTracker.TryPrepareSendZc(_ring, socket, buffer.Span[..snapshot.Length], this, version);
        _ring.Submit();
        buffer.Dispose(); // expect URING0002
        return queued;
    }

    public void OnSent(Ring ring, ulong token, int result)
    {
    }

    public void OnBufferReleased(Ring ring, ulong token, int sendResult)
    {
    }
}
