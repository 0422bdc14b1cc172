using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0003: a submitted buffer written or submitted again while the op is in flight.</summary>
public sealed class ReusedWhileInFlightTests
{
    [Fact]
    public Task A_failed_prep_that_loops_back_does_not_excuse_the_iterations_that_queued() => V.Diagnostics("""
        class C
        {
            void Unwaited(Ring ring, int fd, byte[] pinned, string[] lines)
            {
                foreach (string line in lines)
                {
                    int length = System.Text.Encoding.ASCII.GetBytes(line, {|URING0003:pinned.AsSpan()|});
                    if (!ring.TryPrepareSendZc(SqeContext.FromValue(1), fd, pinned.AsSpan(0, length)))
                    {
                        continue;
                    }

                    ring.Submit();
                }
            }

            void Waited(Ring ring, int fd, byte[] pinned, string[] lines, Span<CqeView> done)
            {
                foreach (string line in lines)
                {
                    int length = System.Text.Encoding.ASCII.GetBytes(line, pinned.AsSpan());
                    if (!ring.TryPrepareSend(SqeContext.FromValue(1), fd, pinned.AsSpan(0, length)))
                    {
                        continue;
                    }

                    ring.Submit();
                    ring.Wait(done, 1, TimeSpan.FromSeconds(-1));
                }
            }
        }
        """);

    [Fact]
    public Task Writing_a_buffer_that_is_being_sent_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                byte[] buffer = GC.AllocateArray<byte>(64, pinned: true);
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, buffer.AsSpan());
                {|URING0003:buffer[0]|} = 42;
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Filling_a_buffer_the_kernel_reads_into_is_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, byte* memory)
            {
                Span<byte> buffer = new Span<byte>(memory, 64);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer);
                {|URING0003:buffer.Fill(0)|};
            }
        }
        """);

    [Fact]
    public Task Submitting_a_read_buffer_twice_is_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, byte* memory)
            {
                Span<byte> buffer = new Span<byte>(memory, 64);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer);
                ring.TryPrepareRead(SqeContext.FromValue(2), fd, {|URING0003:buffer|}, offset: 64);
            }
        }
        """);

    [Fact]
    public Task Passing_it_where_a_span_is_written_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, byte[] pinned)
            {
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan());
                System.Text.Encoding.UTF8.GetBytes("hello", {|URING0003:pinned|});
            }
        }
        """);

    [Fact]
    public Task Writing_after_the_wait_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                byte[] buffer = GC.AllocateArray<byte>(64, pinned: true);
                for (int i = 0; i < 10; i++)
                {
                    buffer[0] = (byte)i;
                    ring.TryPrepareWrite(SqeContext.FromValue(1), fd, buffer.AsSpan());
                    ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                }
            }
        }
        """);

    [Fact]
    public Task Sending_one_buffer_twice_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int first, int second, byte[] pinned)
            {
                ring.TryPrepareWrite(SqeContext.FromValue(1), first, pinned.AsSpan());
                ring.TryPrepareWrite(SqeContext.FromValue(2), second, pinned.AsSpan());
            }
        }
        """);

    [Fact]
    public Task Disjoint_slices_are_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, byte[] pinned)
            {
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, pinned.AsSpan(0, 32));
                ring.TryPrepareRead(SqeContext.FromValue(2), fd, pinned.AsSpan(32, 32), offset: 32);
                pinned[64] = 0;
            }
        }
        """);

    [Fact]
    public Task Retrying_a_submission_that_queued_nothing_is_fine() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, byte* memory)
            {
                Span<byte> buffer = new Span<byte>(memory, 64);
                while (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer))
                {
                    ring.Submit();
                }
            }
        }
        """);
}
