using System;
using System.Threading;
using Uring;

public sealed class FrameReceiver
{
    private const ulong RecvTag = 1;
    private const ulong TimerTag = 2;

    private readonly Ring _ring;
    private readonly ProvidedBufferRing _group;
    private readonly CqeView[] _cqes = new CqeView[64];
    private readonly byte[] _assembled = new byte[1 << 20];
    private int _assembledLength;

    public FrameReceiver(Ring ring, ProvidedBufferRing group)
    {
        _ring = ring;
        _group = group;
    }

    public int Pump()
    {
        int frames = 0;
        int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        for (int i = 0; i < n; i++)
        {
            CqeView cqe = _cqes[i];
            switch (cqe.Context.Value)
            {
                case RecvTag:
                    if (!cqe.HasBuffer)
                    {
                        continue;
                    }

                    ProvidedBuffer buffer = _group.Take(cqe);
                    try
                    {
                        if (_assembledLength + buffer.Length > _assembled.Length)
                        {
                            _assembledLength = 0;
                            break;
                        }

                        buffer.Data.CopyTo(_assembled.AsSpan(_assembledLength));
                        _assembledLength += buffer.Length;
                        frames++;
                    }
                    finally
                    {
                        _group.Recycle(buffer);
                    }

                    break;
                case TimerTag:
                    _assembledLength = 0;
                    break;
                default:
                    break;
            }
        }

        return frames;
    }
}
