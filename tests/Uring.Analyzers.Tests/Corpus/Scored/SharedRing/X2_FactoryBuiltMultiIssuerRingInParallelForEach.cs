using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Uring;

internal static class Rings
{
    public static Ring CreateShared(int entries)
    {
        Ring ring = new(new RingOptions { MultiIssuers = true, Entries = entries });
        ring.Start();
        return ring;
    }
}

public sealed class Toucher : IDisposable
{
    private readonly Ring _ring = Rings.CreateShared(256);

    public void TouchAll(IEnumerable<int> fds)
    {
        Parallel.ForEach(fds, fd =>
        {
            if (_ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd, dataSync: true))
            {
                _ring.Submit();
            }
        });
    }

    public void Dispose() => _ring.Dispose();
}
