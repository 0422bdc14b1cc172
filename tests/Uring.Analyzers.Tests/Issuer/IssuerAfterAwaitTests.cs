using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.IssuerAfterAwaitAnalyzer>;

namespace Uring.Analyzers.Tests.Issuer;

/// <summary>URING0010: a single-issuer ring driven after an await.</summary>
public sealed class IssuerAfterAwaitTests
{
    [Fact]
    public Task Submitting_after_an_await_is_reported() => V.Diagnostics("""
        class C
        {
            async Task M()
            {
                using var ring = new Ring();
                ring.Start();
                ring.Submit();
                await Task.Delay(1);
                {|URING0010:ring.Submit()|};
            }
        }
        """);

    [Fact]
    public Task An_await_on_one_branch_is_enough() => V.Diagnostics("""
        class C
        {
            async Task M(bool slow, CqeView[] completions)
            {
                using var ring = new Ring();
                ring.Start();
                if (slow)
                {
                    await Task.Yield();
                }

                {|URING0010:ring.Reap(completions)|};
            }
        }
        """);

    [Fact]
    public Task A_loop_around_an_await_is_reported() => V.Diagnostics("""
        class C
        {
            readonly Ring _ring = new Ring();

            async Task Pump(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    {|URING0010:_ring.TryPrepareNop(SqeContext.FromValue(1))|};
                    await Task.Delay(10, token);
                }
            }
        }
        """);

    [Fact]
    public Task Driving_before_the_first_await_is_fine() => V.Diagnostics("""
        class C
        {
            async Task M()
            {
                using var ring = new Ring();
                ring.Start();
                ring.TryPrepareNop(SqeContext.FromValue(1));
                ring.Submit();
                await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Starting_the_ring_after_the_await_is_fine() => V.Diagnostics("""
        class C
        {
            async Task M()
            {
                await Task.Delay(1);
                using var ring = new Ring();
                ring.Start();
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task A_multi_issuer_ring_is_fine() => V.Diagnostics("""
        class C
        {
            async Task M()
            {
                using var ring = new Ring(new RingOptions { MultiIssuers = true });
                ring.Start();
                await Task.Delay(1);
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task An_await_that_resumes_on_the_ring_thread_is_fine() => V.Diagnostics("""
        static class Loop
        {
            [ResumesOnIssuerThread]
            public static Task Next(this Ring ring) => Task.CompletedTask;
        }

        class C
        {
            async Task M()
            {
                using var ring = new Ring();
                ring.Start();
                await ring.Next();
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task A_ring_captured_before_a_conditional_argument_is_still_tracked() => V.Diagnostics("""
        class C
        {
            async Task M(int fd, byte[] pinned, bool append)
            {
                using var ring = new Ring();
                ring.Start();
                await Task.Delay(1);
                {|URING0010:ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan(), append ? -1 : 0)|};
            }
        }
        """);
}
