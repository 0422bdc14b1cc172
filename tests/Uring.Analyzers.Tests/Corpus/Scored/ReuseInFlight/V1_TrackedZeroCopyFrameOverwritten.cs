using System;
using System.Buffers.Binary;
using Uring;

public sealed class TelemetryStreamer : IZeroCopySendHandler
{
    private readonly Ring _ring;
    private readonly int _socket;
    private readonly NativeBuffer _frame = new(64 * 1024);

    public TelemetryStreamer(Ring ring, int socket)
    {
        _ring = ring;
        _socket = socket;
    }

    public bool TrySendSamples(ReadOnlySpan<double> samples, ulong sequence)
    {
        Span<byte> frame = _frame.Span;
        BinaryPrimitives.WriteUInt64LittleEndian(frame, sequence);
        int length = 8;
        foreach (double sample in samples)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(frame[length..], sample);
            length += 8;
        }

        if (!ZeroCopySendTracker.TryPrepareSendZc(_ring, _socket, frame[..length], this, sequence))
        {
            return false;
        }

        _ring.Submit();
        frame[..length].Clear(); // expect URING0003
        return true;
    }

    public void OnSent(Ring ring, ulong token, int result)
    {
        if (result < 0)
        {
            Console.Error.WriteLine($"frame {token} failed: {result}");
        }
    }

    public void OnBufferReleased(Ring ring, ulong token, int sendResult)
    {
    }
}
