using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.SuppressedCompletionAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0008: waiting for a completion that CQE_SKIP_SUCCESS suppresses.</summary>
public sealed class SuppressedCompletionTests
{
    [Fact]
    public Task Waiting_forever_for_a_write_is_reported() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                {|URING0008:ring.Wait(completions, 1, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);

    [Fact]
    public Task Options_without_NotifySucceed_are_reported() => V.Diagnostics("""
        class C
        {
            readonly Ring _ring = new Ring(new RingOptions { Entries = 64, NotifySucceed = false });

            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                if (!_ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan()))
                {
                    return;
                }

                {|URING0008:_ring.Wait(completions, minComplete: 1, TimeSpan.FromMilliseconds(-1))|};
            }
        }
        """);

    [Fact]
    public Task Too_few_posting_ops_are_reported() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                RingOptions options = new RingOptions { Entries = 64 };
                using Ring ring = new Ring(options);
                ring.Start();
                ring.TryPrepareNop(SqeContext.FromValue(1));
                ring.TryPrepareWrite(SqeContext.FromValue(2), fd, pinned.AsSpan());
                {|URING0008:ring.Wait(completions, 2, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);

    [Fact]
    public Task A_ring_with_NotifySucceed_is_fine() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring(new RingOptions { NotifySucceed = true });
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Another_op_posts_the_awaited_completion() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                ring.TryPrepareFsync(SqeContext.FromValue(2), fd);
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_bounded_wait_times_out_on_every_success() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                {|URING0008:ring.Wait(completions, 1, TimeSpan.FromMilliseconds(10))|};
            }
        }
        """);

    [Fact]
    public Task A_poll_or_a_pump_tick_is_fine() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions, CancellationToken token)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(2), fd, pinned.AsSpan());
                ring.Reap(completions);
                while (!token.IsCancellationRequested)
                {
                    ring.TryPrepareWrite(SqeContext.FromValue(3), fd, pinned.AsSpan());
                    ring.Wait(completions, 1, TimeSpan.FromMilliseconds(10));
                }
            }
        }
        """);

    [Fact]
    public Task A_ring_of_unknown_options_is_not_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, byte[] pinned, CqeView[] completions)
            {
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_ring_captured_before_a_conditional_argument_is_still_tracked() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, bool append, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan(), append ? -1 : 0);
                {|URING0008:ring.Wait(completions, 1, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);

    [Fact]
    public Task A_ring_chosen_by_a_conditional_is_not_guessed() => V.Diagnostics("""
        class C
        {
            void M(int fd, byte[] pinned, bool first, Ring a, Ring b, CqeView[] completions)
            {
                (first ? a : b).TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                a.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);
}
