using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Throttled
{
    private readonly SemaphoreSlim _gate = new(4);

    public async Task WriteAsync(int fd, byte[] pinned)
    {
        using var ring = new Ring();
        ring.Start();
        await _gate.WaitAsync();
        try
        {
            ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan(), 0); // expect URING0010
            ring.Submit(); // expect URING0010
        }
        finally
        {
            _gate.Release();
        }
    }
}
