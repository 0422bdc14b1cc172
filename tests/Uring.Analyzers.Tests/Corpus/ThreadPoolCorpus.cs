using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.CrossThreadIssuerAnalyzer, Uring.Analyzers.Issuer.SharedRingAnalyzer, Uring.Analyzers.Issuer.IssuerAfterAwaitAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "thread pool" (URING0009): a ring reaching thread-pool code as the work item's state argument, or
/// through a delegate stored first and queued later; and correct programs that look alike.
/// </summary>
public sealed class ThreadPoolCorpus
{
    [Fact]
    public Task A_static_work_item_that_gets_the_ring_through_its_state() => V.Diagnostics("""
        sealed class BackgroundFlush
        {
            public void Schedule(int fd)
            {
                var ring = new Ring(new RingOptions { Entries = 16 });
                ring.Start();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                ThreadPool.QueueUserWorkItem(static state =>
                {
                    var owner = (Ring)state!;
                    {|URING0009:owner.Submit()|};
                }, ring);
                ThreadPool.QueueUserWorkItem(static r => {|URING0009:r.Submit()|}, ring, preferLocal: false);
                Task.Factory.StartNew(static s => {|URING0009:((Ring)s!).Submit()|}, ring);
                using var timer = new Timer(static s => {|URING0009:((Ring)s!).Submit()|}, ring, 0, 1000);
            }
        }
        """);

    [Fact]
    public Task A_lambda_stored_in_a_delegate_local_and_queued_afterwards() => V.Diagnostics("""
        sealed class DeferredSubmit
        {
            public void Run(int fd)
            {
                var ring = new Ring();
                ring.Start();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                WaitCallback flush = _ => {|URING0009:ring.Submit()|};
                Action pump = () =>
                {
                    {|URING0009:ring.TryPrepareNop(SqeContext.FromValue(2))|};
                    {|URING0009:ring.Submit()|};
                };
                ThreadPool.QueueUserWorkItem(flush);
                Task.Run(pump);
            }
        }
        """);

    [Fact]
    public Task State_and_delegates_that_stay_on_the_rings_thread_are_fine() => V.Diagnostics("""
        using System.Collections.Concurrent;

        sealed class Handoff
        {
            private readonly ConcurrentQueue<int> _work = new();

            public void Run(int fd)
            {
                var ring = new Ring();
                ring.Start();
                var shared = new Ring(new RingOptions { MultiIssuers = true });
                shared.Start();
                Action submit = () => ring.Submit();
                submit();
                ThreadPool.QueueUserWorkItem(static q => q.Enqueue(1), _work, preferLocal: true);
                ThreadPool.QueueUserWorkItem(static s => ((Ring)s!).Submit(), shared);
                while (_work.TryDequeue(out int item))
                {
                    ring.TryPrepareFsync(SqeContext.FromValue((ulong)item), fd);
                }
            }
        }
        """);
}
