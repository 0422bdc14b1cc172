using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Throttled
{
    private readonly SemaphoreSlim _gate = new(4);

    public Task WriteAsync(EventLoop loop, int fd, byte[] data)
        => loop.RunAsync(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, data.AsMemory(), -1); // expect URING0010
                ring.Submit(); // expect URING0010
            }
            finally
            {
                _gate.Release();
            }
        });
}
