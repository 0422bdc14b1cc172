using System;
using System.Threading;
using Uring;

public sealed class BlockCopier
{
    private const int BlockSize = 128 * 1024;
    private readonly CqeView[] _done = new CqeView[16];

    public void Copy(Ring ring, int source, long length)
    {
        byte[] block = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        long position = 0;
        ulong tag = 0;
        while (position < length)
        {
            ring.TryPrepareRead(SqeContext.FromValue(tag++), source, block.AsSpan(), position); // expect URING0003
            position += BlockSize;
        }

        ring.Submit();
        for (ulong seen = 0; seen < tag;)
        {
            seen += (ulong)ring.Wait(_done, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
