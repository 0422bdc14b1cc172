using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Batcher
{
    private readonly EventLoop _loop;
    private readonly byte[] _scratch = new byte[1024];

    public Batcher(EventLoop loop) => _loop = loop;

    public Task<int> FlushAsync(int fd, CancellationToken cancellationToken)
    {
        return _loop.RunAsync(async () =>
        {
            await Task.Yield();
            await Task.Delay(5, cancellationToken);
            await _loop.WriteAsync(fd, _scratch.AsMemory(0, 64), -1, cancellationToken);
            _loop.Post(static state => ((Batcher)state!).Reset(), this);
            return 64;
        });
    }

    private void Reset() => _scratch.AsSpan().Clear();
}
