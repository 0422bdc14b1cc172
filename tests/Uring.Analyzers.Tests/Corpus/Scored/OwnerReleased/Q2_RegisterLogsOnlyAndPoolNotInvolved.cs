using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class Registry
{
    private readonly List<byte[]> _all = new();

    public byte[] Newest() => _all[^1];

    public void Track(byte[] buffer) => _all.Add(buffer);
}

public sealed class Tracked
{
    private readonly Registry _registry = new();
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd, CancellationToken token)
    {
        byte[] buffer = GC.AllocateArray<byte>(512, pinned: true);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsSpan(), 0);
        ring.Submit();
        using CancellationTokenRegistration registration = token.Register(() => Console.WriteLine("cancel requested"));
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        _registry.Track(buffer);
        return _cqes[0].Result;
    }
}
