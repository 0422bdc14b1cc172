using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Lease : IDisposable
{
    private byte[]? _array = ArrayPool<byte>.Shared.Rent(8192);

    public Memory<byte> GetMemory(int size) => _array.AsMemory(0, size);

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }
}

public sealed class Downloader
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Download(Ring ring, int socket)
    {
        using (var lease = new Lease()) // expect URING0002
        {
            ring.TryPrepareRecv(SqeContext.FromValue(1), socket, lease.GetMemory(4096));
            ring.Submit();
        } // expect URING0002

        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
