using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.CrossThreadIssuerAnalyzer>;

namespace Uring.Analyzers.Tests.Issuer;

/// <summary>URING0009: a single-issuer ring driven from code handed to another thread.</summary>
public sealed class CrossThreadIssuerTests
{
    [Fact]
    public Task Submitting_from_Task_Run_is_reported() => V.Diagnostics("""
        class C
        {
            void M()
            {
                Ring ring = new Ring();
                ring.Start();
                Task.Run(() => {|URING0009:ring.Submit()|});
            }
        }
        """);

    [Fact]
    public Task Ops_in_thread_pool_parallel_and_timer_callbacks_are_reported() => V.Diagnostics("""
        class C
        {
            readonly Ring _ring = new Ring(new RingOptions { Entries = 64 });

            void M(CqeView[] completions)
            {
                ThreadPool.QueueUserWorkItem(_ => {|URING0009:_ring.TryPrepareNop(SqeContext.FromValue(1))|});
                Parallel.For(0, 4, i => {|URING0009:_ring.Reap(completions)|});
                using var timer = new Timer(_ => {|URING0009:_ring.Stop()|}, null, 0, 100);
            }
        }
        """);

    [Fact]
    public Task An_object_holding_the_ring_it_was_started_on_is_driven_on_that_ring() => V.Diagnostics("""
        class C
        {
            readonly Ring _ring = new Ring(new RingOptions { Entries = 64 });
            readonly Ring _multi = new Ring(new RingOptions { MultiIssuers = true });
            MultishotSubscription? _ticks;
            MultishotSubscription? _shared;

            void Start(IMultishotHandler handler)
            {
                _ring.Start();
                MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromSeconds(1), 0, handler, out _ticks);
                MultishotSubscription.TryStartTimer(_multi, TimeSpan.FromSeconds(1), 0, handler, out _shared);
                _ticks?.Cancel();
                Task.Run(() => _ticks?{|URING0009:.Cancel()|});
                Task.Run(() => _shared?.Cancel());
            }
        }
        """);

    [Fact]
    public Task A_method_group_driving_a_local_copy_of_a_shared_ring_is_reported() => V.Diagnostics("""
        static class Sweeper
        {
            static Ring? s_single;
            static readonly Ring s_multi = new Ring(new RingOptions { MultiIssuers = true });
            static readonly CqeView[] s_batch = new CqeView[8];

            public static Timer Begin()
            {
                s_single = new Ring(new RingOptions { Entries = 8 });
                s_single.Start();
                return new Timer({|URING0009:Sweep|}, null, 0, 1000);
            }

            public static Timer Fine() => new Timer(SweepMulti, null, 0, 1000);

            static void Sweep(object? state)
            {
                Ring? ring = s_single;
                if (ring is not null)
                {
                    ring.Reap(s_batch);
                }
            }

            static void SweepMulti(object? state)
            {
                Ring ring = s_multi;
                ring.Reap(s_batch);
            }
        }
        """);

    /// <summary>The helpers that take a ring as an argument (not as the receiver) are issuer-only calls on that ring too.</summary>
    [Fact]
    public Task Helpers_that_take_the_ring_are_reported_on_another_thread() => V.Diagnostics("""
        class C
        {
            void M(IMultishotHandler handler, IListenerHandler listening, IZeroCopySendHandler sends, ReadOnlySpan<int> targets)
            {
                Ring ring = new Ring();
                ring.Start();
                int[] fds = targets.ToArray();
                Task.Run(() => {|URING0009:MultishotSubscription.TryStartTimer(ring, TimeSpan.FromSeconds(1), 0, handler, out _)|});
                Task.Run(() => {|URING0009:Listener.TryStart(ring, SockAddr.IPv4Loopback(0), listening, out _)|});
                Task.Run(() => {|URING0009:ZeroCopySendTracker.TryPrepare(ring, sends, 1, 3, static (Ring r, SqeContext c, in int fd) => r.TryPrepareNop(c))|});
                Task.Run(() => {|URING0009:Multicast.Prepare(ring, SqeContext.FromValue(1), fds, 0, 0, 16)|});
            }
        }
        """);

    [Fact]
    public Task Helpers_that_take_a_ring_created_on_the_thread_are_fine() => V.Diagnostics("""
        class C
        {
            void M(IMultishotHandler handler)
            {
                new Thread(() =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    MultishotSubscription.TryStartTimer(ring, TimeSpan.FromSeconds(1), 0, handler, out _);
                }).Start();
            }
        }
        """);

    [Fact]
    public Task A_raw_prepare_from_Task_Run_is_reported_and_its_filler_on_the_ring_thread_is_not() => V.Diagnostics("""
        class C
        {
            void M()
            {
                Ring ring = new Ring();
                ring.Start();
                ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, 7, static (ref SubmissionSlot slot, scoped in int fd) => slot.Sqe.Fd = fd);
                Task.Run(() => {|URING0009:ring.TryPrepare(SqeContext.FromValue(2), UringOpKind.Other, 7, static (ref SubmissionSlot slot, scoped in int fd) => slot.Sqe.Fd = fd)|});
            }
        }
        """);

    [Fact]
    public Task A_local_function_given_to_a_thread_is_reported() => V.Diagnostics("""
        class C
        {
            void M()
            {
                var ring = new Ring(new RingOptions { MultiIssuers = false });
                ring.Start();
                var thread = new Thread(Pump);
                thread.Start();

                void Pump()
                {
                    {|URING0009:ring.Submit()|};
                }
            }
        }
        """);

    [Fact]
    public Task A_ring_created_on_the_thread_is_fine() => V.Diagnostics("""
        class C
        {
            void M()
            {
                new Thread(() =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    ring.Submit();
                }).Start();
            }
        }
        """);

    [Fact]
    public Task A_ring_started_on_the_thread_is_fine() => V.Diagnostics("""
        class C
        {
            void M()
            {
                var ring = new Ring();
                new Thread(() =>
                {
                    ring.Start();
                    ring.Submit();
                }).Start();
            }
        }
        """);

    [Fact]
    public Task A_multi_issuer_ring_is_fine() => V.Diagnostics("""
        class C
        {
            void M()
            {
                var ring = new Ring(new RingOptions { MultiIssuers = true });
                ring.Start();
                Task.Run(() => ring.Submit());
            }
        }
        """);

    [Fact]
    public Task A_ring_of_unknown_options_is_not_reported_by_default() => V.Diagnostics("""
        class C
        {
            void M(Ring ring) => Task.Run(() => ring.Submit());
        }
        """);

    [Fact]
    public Task Editorconfig_can_treat_unknown_rings_as_single_issuer() => V.DiagnosticsWithConfig("""
        class C
        {
            void M(Ring ring) => Task.Run(() => {|URING0009:ring.Submit()|});
        }
        """, "uring_assume_single_issuer = true");
}
