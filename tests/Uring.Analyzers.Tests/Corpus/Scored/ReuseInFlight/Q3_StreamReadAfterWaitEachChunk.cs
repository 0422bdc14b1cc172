using System;
using System.IO;
using System.Threading;
using Uring;

public sealed class CarefulUploader
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true });
    private readonly byte[] _chunk = GC.AllocateArray<byte>(65536, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[1];

    public CarefulUploader() => _ring.Start();

    public void Upload(Stream source, int fd)
    {
        long offset = 0;
        int n;
        while ((n = source.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _chunk.AsSpan(0, n), offset);
            _ring.Submit();
            _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            offset += n;
        }
    }
}
