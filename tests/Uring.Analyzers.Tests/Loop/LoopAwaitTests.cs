using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.IssuerAfterAwaitAnalyzer>;

namespace Uring.Analyzers.Tests.Loop;

/// <summary>
/// URING0010 and the event loop: on the loop, an ordinary await comes back to the loop thread (its synchronization
/// context), and the loop's own operations and SwitchTo resume there; ConfigureAwait(false) leaves it.
/// </summary>
public sealed class LoopAwaitTests
{
    [Fact]
    public Task Awaits_in_work_run_on_the_loop_keep_a_ring_started_there() => V.Diagnostics("""
        using System.Net.Sockets;

        sealed class MetricsFlusher
        {
            public Task RunAsync(EventLoop loop, LoopConnection upstream, int logFd, CancellationToken token)
                => loop.RunAsync(async () =>
                {
                    using var ring = new Ring(new RingOptions { Entries = 64 });
                    ring.Start();
                    byte[] line = GC.AllocateArray<byte>(256, pinned: true);
                    while (!token.IsCancellationRequested)
                    {
                        await loop.DelayAsync(TimeSpan.FromSeconds(1), token);
                        ring.TryPrepareWrite(SqeContext.FromValue(1), logFd, line.AsSpan());
                        await Task.Delay(5);
                        ring.Submit();
                        int n = await upstream.ReceiveAsync(line.AsMemory(), token);
                        ring.Submit();
                    }
                });
        }
        """);

    [Fact]
    public Task ConfigureAwait_false_leaves_the_loop() => V.Diagnostics("""
        sealed class Journal
        {
            public Task AppendAsync(EventLoop loop, int fd, Func<Task> flushUpstream)
                => loop.RunAsync(async () =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    byte[] entry = GC.AllocateArray<byte>(512, pinned: true);
                    ring.TryPrepareWrite(SqeContext.FromValue(7), fd, entry.AsSpan());
                    await flushUpstream().ConfigureAwait(false);
                    {|URING0010:ring.Submit()|};
                });
        }
        """);

    [Fact]
    public Task SwitchTo_moves_a_method_onto_the_loop_where_plain_awaits_stay() => V.Diagnostics("""
        sealed class Compactor
        {
            public async Task CompactAsync(EventLoop loop, int fd, CancellationToken token)
            {
                await loop.SwitchTo();
                using var ring = new Ring();
                ring.Start();
                await Task.Yield();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                await loop.DelayAsync(TimeSpan.FromMilliseconds(50), token);
                ring.Submit();
                await Task.Delay(10, token).ConfigureAwait(false);
                {|URING0010:ring.Submit()|};
            }
        }
        """);

    [Fact]
    public Task SwitchTo_another_loop_moves_the_method_off_the_rings_loop() => V.Diagnostics("""
        sealed class Hopper
        {
            public async Task MoveAsync(EventLoopGroup group, EventLoop audit, int fd)
            {
                await group.Next().SwitchTo();
                using var ring = new Ring();
                ring.Start();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                await group.Next().SwitchTo();
                {|URING0010:ring.Submit()|};
            }

            public async Task AuditAsync(EventLoop home, EventLoop audit, int fd)
            {
                await home.SwitchTo();
                using var ring = new Ring();
                ring.Start();
                await audit.SwitchTo();
                {|URING0010:ring.TryPrepareFsync(SqeContext.FromValue(2), fd)|};
            }

            public async Task NextEachTimeAsync(EventLoopGroup group, int fd)
            {
                EventLoop loop = group.Next();
                await loop.SwitchTo();
                using var ring = new Ring();
                ring.Start();
                loop = group.Next();
                await loop.SwitchTo();
                {|URING0010:ring.TryPrepareFsync(SqeContext.FromValue(3), fd)|};
            }
        }
        """);

    [Fact]
    public Task SwitchTo_the_same_loop_again_stays_on_it() => V.Diagnostics("""
        sealed class Batcher
        {
            private readonly EventLoop _loop;

            public Batcher(EventLoop loop) => _loop = loop;

            public async Task FlushAsync(EventLoopGroup group, int fd, CancellationToken token)
            {
                EventLoop loop = group.Next();
                await loop.SwitchTo();
                using var ring = new Ring();
                ring.Start();
                for (int i = 0; i < 3; i++)
                {
                    ring.TryPrepareFsync(SqeContext.FromValue((ulong)i), fd);
                    await Task.Delay(1, token);
                    await loop.SwitchTo();
                    ring.Submit();
                }
            }

            public async Task OnFieldLoopAsync(int fd)
            {
                await _loop.SwitchTo();
                using var ring = new Ring();
                ring.Start();
                await _loop.SwitchTo();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                ring.Submit();
            }

            public Task InPostedWorkAsync(EventLoop loop, int fd)
                => loop.RunAsync(async () =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    await loop.SwitchTo();
                    ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                    ring.Submit();
                });
        }
        """);

    [Fact]
    public Task An_ordinary_await_off_the_loop_is_still_reported() => V.Diagnostics("""
        sealed class Poller
        {
            public async Task PollAsync(int fd, CancellationToken token)
            {
                using var ring = new Ring();
                ring.Start();
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                await Task.Delay(100, token);
                {|URING0010:ring.Submit()|};
            }
        }
        """);

    [Fact]
    public Task A_loop_operation_awaited_anywhere_does_not_count() => V.Diagnostics("""
        sealed class Forwarder
        {
            public async Task ForwardAsync(LoopConnection from, int sinkFd, CancellationToken token)
            {
                using var ring = new Ring();
                ring.Start();
                byte[] chunk = GC.AllocateArray<byte>(4096, pinned: true);
                int n = await from.ReceiveAsync(chunk.AsMemory(), token);
                ring.TryPrepareWrite(SqeContext.FromValue(1), sinkFd, chunk.AsSpan(0, n));
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task Ring_calls_inside_an_await_foreach_body_are_reported() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Ingest
        {
            public async Task DrainAsync(IAsyncEnumerable<int> descriptors, CqeView[] completions)
            {
                using var ring = new Ring(new RingOptions { Entries = 256 });
                ring.Start();
                await foreach (int fd in descriptors)
                {
                    {|URING0010:ring.TryPrepareClose(SqeContext.FromValue((ulong)fd), fd)|};
                    {|URING0010:ring.Submit()|};
                }
            }
        }
        """);

    [Fact]
    public Task An_await_foreach_over_the_loops_accepts_on_the_loop_is_fine() => V.Diagnostics("""
        using System.Net.Sockets;

        sealed class Acceptor
        {
            public Task ServeAsync(EventLoop loop, Socket listener)
                => loop.RunAsync(async () =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    await foreach (LoopConnection connection in loop.AcceptConnectionsAsync(listener))
                    {
                        ring.TryPrepareNop(SqeContext.FromValue((ulong)connection.FileDescriptor));
                        ring.Submit();
                    }
                });
        }
        """);

    [Fact]
    public Task An_await_foreach_that_leaves_the_loop_is_reported() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Replayer
        {
            public Task ReplayAsync(EventLoop loop, IAsyncEnumerable<int> offsets, int fd)
                => loop.RunAsync(async () =>
                {
                    using var ring = new Ring();
                    ring.Start();
                    await foreach (int offset in offsets.ConfigureAwait(false))
                    {
                        {|URING0010:ring.TryPrepareFsync(SqeContext.FromValue((ulong)offset), fd)|};
                    }
                });
        }
        """);
}
