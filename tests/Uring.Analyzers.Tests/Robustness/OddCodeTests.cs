using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Uring.Analyzers.Buffers;
using Uring.Analyzers.Declarations;
using Uring.Analyzers.Issuer;
using Uring.Analyzers.Tests.Support;
using Xunit;

namespace Uring.Analyzers.Tests.Robustness;

/// <summary>
/// Every analyzer over code with every control-flow shape the walkers meet (nested finally, catch filters,
/// goto, iterators, async lambdas, local functions, switch expressions, pattern variables): none may throw
/// (an analyzer exception fails the test) and none may report, because nothing here misuses the runtime.
/// </summary>
public sealed class OddCodeTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;

        partial class Odd
        {
            readonly CqeView[] _completions = new CqeView[8];
            static int s_counter;

            IEnumerable<int> Iterate(Ring ring)
            {
                for (int i = 0; i < 3; i++)
                {
                    yield return ring.Reap(_completions);
                }
            }

            unsafe int Nested(Ring ring, int fd, byte* native, bool a, bool b)
            {
                Span<byte> buffer = new Span<byte>(native, 64);
                try
                {
                    try
                    {
                        if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer))
                        {
                            goto done;
                        }

                        ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                    }
                    catch (UringException e) when (e.Errno == Errno.EINTR)
                    {
                        return -1;
                    }
                    finally
                    {
                        s_counter++;
                    }
                }
                finally
                {
                    if (a && !b)
                    {
                        s_counter--;
                    }
                }

            done:
                return a switch { true when b => 1, true => 2, _ => 3 };
            }

            void Lambdas(Ring ring, int[] values)
            {
                Func<int, int> twice = x => x * 2;
                Func<Task> later = async () => await Task.Yield();
                int sum = values.Where(v => v > 0).Select(twice).Sum();
                Local(sum);

                void Local(int value)
                {
                    if (value is int positive and > 0 && ring.TryRentExtendedSqe(out ExtendedSqe ext))
                    {
                        ring.ReturnExtendedSqe(ext);
                    }
                }
            }

            async Task<int> AsyncLoop(IAsyncEnumerable<int> source)
            {
                int total = 0;
                await foreach (int value in source)
                {
                    total += value;
                }

                await using (var stream = new System.IO.MemoryStream())
                {
                    total += (int)stream.Length;
                }

                return total;
            }

            ref int RefLocal(int[] values)
            {
                ref int first = ref values[0];
                (int x, int y) = (first, values.Length);
                first = x + y;
                return ref first;
            }

            unsafe void Pinned(Ring ring, int fd, string text)
            {
                byte[] pinned = GC.AllocateArray<byte>(64, pinned: true);
                fixed (char* chars = text)
                {
                    s_counter += chars[0];
                }

                using MemoryHandle handle = pinned.AsMemory().Pin();
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, pinned.AsSpan());
                ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
            }

            // A filler lambda that throws, inside a lambda: its graph's regions are not the method's.
            bool ThrowingFiller(Ring ring, Func<Func<bool>, bool> check)
                => check(() => ring.TryRentExtendedSqe(0, static (ExtendedSqe rented, scoped in int _) => throw new InvalidOperationException("filler"), out _));

            event Action? Changed;

            int Property
            {
                get => s_counter;
                set { s_counter = value; Changed?.Invoke(); }
            }
        }
        """;

    [Fact]
    public Task Unstable_memory() => Run<UnstableMemoryAnalyzer>();

    [Fact]
    public Task Released_before_completion() => Run<ReleasedBeforeCompletionAnalyzer>();

    [Fact]
    public Task Reused_while_in_flight() => Run<ReusedWhileInFlightAnalyzer>();

    [Fact]
    public Task Borrowed_views() => Run<BorrowedViewAnalyzer>();

    [Fact]
    public Task Provided_buffers_not_recycled() => Run<ProvidedBufferNotRecycledAnalyzer>();

    [Fact]
    public Task Pooled_contexts_not_returned() => Run<PooledContextNotReturnedAnalyzer>();

    [Fact]
    public Task Returned_twice() => Run<ReturnedTwiceAnalyzer>();

    [Fact]
    public Task Suppressed_completions() => Run<SuppressedCompletionAnalyzer>();

    [Fact]
    public Task Cross_thread() => Run<CrossThreadIssuerAnalyzer>();

    [Fact]
    public Task After_await() => Run<IssuerAfterAwaitAnalyzer>();

    [Fact]
    public Task Shared_ring() => Run<SharedRingAnalyzer>();

    [Fact]
    public Task Declarations() => Run<UringOpDeclarationAnalyzer>();

    [Fact]
    public Task Context_declarations() => Run<UringContextDeclarationAnalyzer>();

    private static Task Run<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
        => Verify<TAnalyzer>.Diagnostics(Source);
}
