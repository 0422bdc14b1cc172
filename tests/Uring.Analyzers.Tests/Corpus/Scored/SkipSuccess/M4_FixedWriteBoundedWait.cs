using System;
using System.IO;
using Uring;

public sealed class BlockDevice
{
    private readonly Ring _ring = new(new RingOptions { Entries = 32 });
    private readonly CqeView[] _cqes = new CqeView[1];

    public BlockDevice()
    {
        _ring.Start();
        _ring.RegisterBuffers(1, 4096);
    }

    public void WriteBlock(int fd, long block)
    {
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), fd, 0, 0, 4096, block * 4096);
        _ring.Submit();
        int n = _ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(500)); // expect URING0008
        if (n == 0)
        {
            throw new IOException("timeout");
        }
    }
}
