using System.Threading;
using System.Threading.Tasks;

namespace Uring.Misuse;

/// <summary>Single-issuer and event-loop misuse: URING0009 to URING0012.</summary>
public sealed class Issuer
{
    private static readonly Ring s_shared = new Ring();

    /// <summary>URING0009: the ring is driven from the thread pool.</summary>
    public void FromThreadPool()
    {
        var ring = new Ring();
        ring.Start();
        Task.Run(() => ring.Submit());
    }

    /// <summary>URING0009: one of Parallel.Invoke's actions drives the ring through a helper.</summary>
    public void FromParallelInvoke(int fd)
    {
        var ring = new Ring();
        ring.Start();
        Parallel.Invoke(() => Fsync(ring, fd), () => System.Console.WriteLine(fd));
    }

    private static void Fsync(Ring ring, int fd) => ring.TryPrepareFsync(SqeContext.FromValue(1), fd);

    /// <summary>URING0010: the ring is driven after an await.</summary>
    public async Task AfterAwait()
    {
        using var ring = new Ring();
        ring.Start();
        await Task.Delay(1);
        ring.Submit();
    }

    /// <summary>URING0011: the ring is captured by thread-pool code (and <see cref="s_shared"/> is static).</summary>
    public void Captures()
    {
        var ring = new Ring();
        ThreadPool.QueueUserWorkItem(_ => System.Console.WriteLine(ring));
    }

    /// <summary>URING0012: work posted to a loop blocks the loop thread on the loop's own operation.</summary>
    public void BlocksLoop(EventLoop loop)
    {
        loop.Post(() => loop.DelayAsync(System.TimeSpan.FromMilliseconds(1)).AsTask().Wait());
    }

}
