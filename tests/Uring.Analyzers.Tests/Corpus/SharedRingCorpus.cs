using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.CrossThreadIssuerAnalyzer, Uring.Analyzers.Issuer.SharedRingAnalyzer, Uring.Analyzers.Issuer.IssuerAfterAwaitAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "ring shared across threads" (URING0009, URING0011): single-issuer rings reached from other threads
/// through the methods, fields, timers and process events of an application; and correct programs that look alike.
/// </summary>
public sealed class SharedRingCorpus
{
    [Fact]
    public Task A_static_ring_created_by_a_helper_driven_from_thread_pool_callbacks() => V.Diagnostics("""
        static class AuditLog
        {
            private static readonly Ring s_ring {|URING0011:= CreateRing()|};
            private static int s_fd;

            private static Ring CreateRing()
            {
                var ring = new Ring(new RingOptions { Entries = 256 });
                ring.Start();
                return ring;
            }

            public static void Open(int fd) => s_fd = fd;

            public static void Append(byte[] pinnedEntry)
            {
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    {|URING0009:s_ring.TryPrepareWrite(SqeContext.FromValue(1), s_fd, pinnedEntry.AsSpan())|};
                    {|URING0009:s_ring.Submit()|};
                });
            }
        }
        """);

    [Fact]
    public Task A_ctrl_c_or_process_exit_handler_that_stops_the_ring() => V.Diagnostics("""
        static class Program
        {
            public static void Main()
            {
                using var ring = new Ring(new RingOptions { Entries = 64 });
                ring.Start();
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    {|URING0009:ring.Stop()|};
                };
                AppDomain.CurrentDomain.ProcessExit += (_, _) => {|URING0009:ring.Dispose()|};

                var completions = new CqeView[64];
                while (!ring.IsStopped)
                {
                    ring.TryPrepareNop(SqeContext.FromValue(1));
                    ring.Wait(completions, 1, TimeSpan.FromSeconds(1));
                }
            }
        }
        """);

    [Fact]
    public Task A_timer_whose_callback_is_a_method_group_that_submits() => V.Diagnostics("""
        sealed class PeriodicFlusher : IDisposable
        {
            private readonly Ring _ring = new Ring(new RingOptions { Entries = 32 });
            private readonly Timer _timer;
            private readonly int _fd;

            public PeriodicFlusher(int fd)
            {
                _fd = fd;
                _ring.Start();
                _timer = new Timer({|URING0009:OnTick|}, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }

            private void OnTick(object? state)
            {
                _ring.TryPrepareFsync(SqeContext.FromValue(1), _fd, dataSync: true);
                _ring.Submit();
            }

            public void Dispose()
            {
                _timer.Dispose();
                _ring.Dispose();
            }
        }
        """);

    [Fact]
    public Task A_lazily_created_static_ring_driven_from_parallel_bodies() => V.Diagnostics("""
        using System.Collections.Generic;

        static class Prefetcher
        {
            private static readonly Lazy<Ring> s_ring = new(() =>
            {
                var ring = new Ring(new RingOptions { Entries = 128 });
                ring.Start();
                return ring;
            });

            public static void Prefetch(IReadOnlyList<int> files)
            {
                Parallel.For(0, files.Count, i =>
                {
                    {|URING0009:s_ring.Value.TryPrepareFadvise(SqeContext.FromValue((ulong)i), files[i], 0, 0, FileAdvice.WillNeed)|};
                    {|URING0009:s_ring.Value.Submit()|};
                });
            }
        }
        """);

    [Fact]
    public Task A_parallel_loop_calling_a_method_that_drives_the_ring_field() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Indexer
        {
            private readonly Ring _ring = new Ring();
            private readonly CqeView[] _completions = new CqeView[8];

            public Indexer() => _ring.Start();

            public void IndexAll(IEnumerable<int> files)
            {
                Parallel.ForEach(files, fd => {|URING0009:Touch(fd)|});
            }

            private void Touch(int fd)
            {
                _ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
                Complete();
            }

            private void Complete() => _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
        }
        """);

    [Fact]
    public Task A_timer_callback_that_only_reads_the_rings_features_is_fine() => V.Diagnostics("""
        sealed class RingMonitor : IDisposable
        {
            private readonly Ring _ring;
            private readonly Timer _timer;

            public RingMonitor(Ring ring)
            {
                _ring = ring;
                var local = new Ring(new RingOptions { Entries = 16 });
                _timer = new Timer(_ => Console.WriteLine($"sq={local.Features.SqEntries} cq={local.Features.CqEntries} started={local.IsStarted}"), null, 0, 5000);
            }

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Rings_owned_by_the_code_that_drives_them_are_fine() => V.Diagnostics("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;

        sealed class Workers
        {
            private readonly ConcurrentQueue<int> _pending = new();
            private readonly Ring _shared = new Ring(new RingOptions { MultiIssuers = true });
            private readonly CancellationTokenSource _stop = new();

            public void Run(IReadOnlyList<int> files)
            {
                Console.CancelKeyPress += (_, e) => { e.Cancel = true; _stop.Cancel(); };
                Parallel.ForEach(files, fd =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                    ring.Submit();
                });
                new Thread(Pump).Start();
                ThreadPool.QueueUserWorkItem(_ => _shared.TryPrepareNop(SqeContext.FromValue(2)));
                using var timer = new Timer(_ => _pending.Enqueue(0), null, 0, 100);
            }

            private void Pump()
            {
                using var ring = new Ring();
                ring.Start();
                while (!_stop.IsCancellationRequested)
                {
                    ring.Submit();
                }
            }
        }
        """);
}
