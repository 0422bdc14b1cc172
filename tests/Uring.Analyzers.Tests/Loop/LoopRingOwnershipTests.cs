using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.CrossThreadIssuerAnalyzer>;

namespace Uring.Analyzers.Tests.Loop;

/// <summary>URING0009 and the event loop: a ring started in work posted to a loop belongs to the loop thread.</summary>
public sealed class LoopRingOwnershipTests
{
    [Fact]
    public Task Driving_a_ring_from_Posts_caller_is_reported() => V.Diagnostics("""
        sealed class LoopLocalRing
        {
            private Ring? _ring;

            public void Attach(EventLoop loop, int fd)
            {
                var ring = new Ring(new RingOptions { Entries = 32 });
                loop.Post(() =>
                {
                    ring.Start();
                    ring.TryPrepareNop(SqeContext.FromValue(1));
                    ring.Submit();
                });
                {|URING0009:ring.TryPrepareFsync(SqeContext.FromValue(2), fd)|};
                {|URING0009:ring.Submit()|};
                _ring = ring;
            }
        }
        """);

    [Fact]
    public Task Driving_a_callers_ring_inside_posted_work_is_reported() => V.Diagnostics("""
        sealed class Hybrid
        {
            public void Flush(EventLoop loop, int fd)
            {
                using var ring = new Ring();
                ring.Start();
                loop.Post(() => {|URING0009:ring.TryPrepareFsync(SqeContext.FromValue(1), fd)|});
                loop.Post(static state => {|URING0009:((Ring)state!).Submit()|}, ring);
            }
        }
        """);

    [Fact]
    public Task Work_that_owns_its_ring_on_the_loop_is_fine() => V.Diagnostics("""
        sealed class LoopWorker
        {
            public Task RunAsync(EventLoop loop, int fd)
            {
                loop.Post(() =>
                {
                    var ring = new Ring();
                    ring.Start();
                    ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                    ring.Submit();
                });
                return loop.RunAsync(async () =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    await loop.DelayAsync(TimeSpan.FromMilliseconds(1));
                    ring.Submit();
                });
            }
        }
        """);

    [Fact]
    public Task Stopping_after_the_owner_thread_ended_is_fine() => V.Diagnostics("""
        sealed class Worker
        {
            public void Run()
            {
                var ring = new Ring();
                var thread = new Thread(() =>
                {
                    ring.Start();
                    ring.Submit();
                });
                thread.Start();
                thread.Join();
                ring.Dispose();
            }
        }
        """);
}
