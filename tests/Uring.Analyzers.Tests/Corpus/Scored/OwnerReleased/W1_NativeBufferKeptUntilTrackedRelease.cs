using System;
using System.Collections.Generic;
using Uring;

public sealed class BlobPusher : IZeroCopySendHandler
{
    private readonly Ring _ring;
    private readonly Dictionary<ulong, NativeBuffer> _inFlight = new();
    private ulong _next;

    public BlobPusher(Ring ring) => _ring = ring;

    public bool TryPush(int socket, ReadOnlySpan<byte> blob)
    {
        NativeBuffer buffer = new(blob.Length, zeroed: false);
        blob.CopyTo(buffer.Span);
        ulong token = ++_next;
        if (!ZeroCopySendTracker.TryPrepareSendZc(_ring, socket, buffer.Span[..blob.Length], this, token))
        {
            buffer.Dispose();
            return false;
        }

        _inFlight.Add(token, buffer);
        return true;
    }

    public void OnSent(Ring ring, ulong token, int result)
    {
        if (result < 0)
        {
            Console.Error.WriteLine($"blob {token}: {result}");
        }
    }

    public void OnBufferReleased(Ring ring, ulong token, int sendResult)
    {
        if (_inFlight.Remove(token, out NativeBuffer? buffer))
        {
            buffer.Dispose();
        }
    }
}
