using System;
using System.Threading.Tasks;
using Uring;

public sealed class Flush
{
    private readonly Ring _ring = new();
    private readonly int _fd;

    public Flush(int fd)
    {
        _fd = fd;
        _ring.Start();
    }

    private void Run()
    {
        _ring.TryPrepareFsync(SqeContext.FromValue(1), _fd);
        _ring.Submit();
    }

    public Task FlushInBackground() => Task.Run(Run); // expect URING0009
}
