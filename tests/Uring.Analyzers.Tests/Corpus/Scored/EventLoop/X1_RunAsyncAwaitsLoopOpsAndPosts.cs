using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class LoopClock
{
    private readonly EventLoop _loop;
    private int _ticks;

    public LoopClock(EventLoop loop) => _loop = loop;

    public Task RunAsync(int count, CancellationToken cancellationToken)
    {
        return _loop.RunAsync(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                await _loop.DelayAsync(TimeSpan.FromMilliseconds(10), cancellationToken);
                await _loop.NopAsync(cancellationToken);
                _loop.Post(() => _ticks++);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            await _loop.SwitchTo();
            Console.WriteLine($"ticks: {_ticks}");
        });
    }
}
