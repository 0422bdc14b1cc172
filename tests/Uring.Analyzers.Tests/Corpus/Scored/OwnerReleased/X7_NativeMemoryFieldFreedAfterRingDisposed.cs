using System;
using System.Runtime.InteropServices;
using System.Threading;
using Uring;

public sealed unsafe class RawReader : IDisposable
{
    private const int Size = 8192;

    private readonly Ring _ring;
    private readonly byte* _memory;
    private readonly CqeView[] _cqes = new CqeView[4];

    public RawReader()
    {
        _memory = (byte*)NativeMemory.AlignedAlloc(Size, 4096);
        _ring = new Ring(new RingOptions { Entries = 16 });
        _ring.Start();
    }

    public int Read(int fd, long offset)
    {
        if (!_ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(_memory, Size), offset))
        {
            return -1;
        }

        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }

    public void Dispose()
    {
        _ring.Dispose();
        NativeMemory.AlignedFree(_memory);
    }
}
