using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class BlockStack
{
    private readonly Stack<byte[]> _blocks = new();

    public byte[] Take() => _blocks.Count > 0 ? _blocks.Pop() : GC.AllocateArray<byte>(4096, pinned: true);

    public void Give(byte[] block) => _blocks.Push(block);
}

public sealed class Reader
{
    private readonly BlockStack _blocks = new();
    private readonly CqeView[] _cqes = new CqeView[1];
    private volatile bool _cancelled;

    public int ReadOnce(Ring ring, int fd, CancellationToken token)
    {
        byte[] block = _blocks.Take();
        using CancellationTokenRegistration registration = token.Register(() => _cancelled = true);
        try
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, block.AsSpan(), 0);
            ring.Submit();
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            return _cancelled ? -1 : _cqes[0].Result;
        }
        finally
        {
            _blocks.Give(block);
        }
    }
}
