using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Uring;

public sealed class WriteQueue : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { Entries = 128 });
    private readonly Channel<(int Fd, byte[] Data)> _jobs = Channel.CreateUnbounded<(int, byte[])>();

    public WriteQueue() => _ring.Start();

    public ValueTask EnqueueAsync(int fd, byte[] pinned) => _jobs.Writer.WriteAsync((fd, pinned));

    public async Task PumpAsync(CancellationToken token)
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(token))
        {
            _ring.TryPrepareWrite(SqeContext.FromValue((ulong)job.Fd), job.Fd, job.Data.AsSpan(), -1); // expect URING0010
            _ring.Submit(); // expect URING0010
        }
    }

    public void Dispose() => _ring.Dispose();
}
