using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Poller
{
    private readonly CqeView[] _cqes = new CqeView[16];
    private readonly Ring _ring = new(new RingOptions { Entries = 64 });

    public Task StartPolling(CancellationToken token)
    {
        _ring.Start();
        return Task.Run(() => Poll(_ring, token), token); // expect URING0009
    }

    private void Poll(Ring ring, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            int n = ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(100)); // expect URING0009
            for (int i = 0; i < n; i++)
            {
                Console.WriteLine(_cqes[i].Result);
            }
        }
    }
}
