using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0002: the owner of a submitted buffer is released before the completion is observed.</summary>
public sealed class ReleasedBeforeCompletionTests
{
    [Fact]
    public Task Unpinning_a_memory_handle_before_the_wait_is_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, Memory<byte> memory, CqeView[] completions)
            {
                MemoryHandle pin = memory.Pin();
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(pin.Pointer, memory.Length));
                {|URING0002:pin.Dispose()|};
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Freeing_native_memory_after_submit_is_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 64));
                ring.Submit();
                {|URING0002:NativeMemory.Free(buffer)|};
            }
        }
        """);

    [Fact]
    public Task Returning_a_pinned_pool_array_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                byte[] rented = ArrayPool<byte>.Shared.Rent(64);
                GCHandle pin = GCHandle.Alloc(rented, GCHandleType.Pinned);
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, rented.AsSpan());
                {|URING0002:pin.Free()|};
                {|URING0002:ArrayPool<byte>.Shared.Return(rented)|};
            }
        }
        """);

    [Fact]
    public Task Releasing_on_an_early_exit_path_is_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, bool cancelled, CqeView[] completions)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 64));
                if (cancelled)
                {
                    {|URING0002:NativeMemory.Free(buffer)|};
                    return;
                }

                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                NativeMemory.Free(buffer);
            }
        }
        """);

    [Fact]
    public Task Releasing_after_the_wait_is_fine() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, Memory<byte> memory, CqeView[] completions)
            {
                using MemoryHandle pin = memory.Pin();
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(pin.Pointer, memory.Length));
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Releasing_when_nothing_was_queued_is_fine() => V.Diagnostics("""
        unsafe class C
        {
            bool M(Ring ring, int fd, CqeView[] completions)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 64)))
                {
                    NativeMemory.Free(buffer);
                    return false;
                }

                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                NativeMemory.Free(buffer);
                return true;
            }
        }
        """);

    [Fact]
    public Task A_wait_loop_that_may_not_run_is_not_reported() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, int expected, CqeView[] completions)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 64));
                int seen = 0;
                while (seen < expected)
                {
                    seen += ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                }

                NativeMemory.Free(buffer);
            }
        }
        """);

    [Fact]
    public Task An_await_may_observe_the_completion() => V.Diagnostics("""
        class C
        {
            async Task M(Ring ring, int fd, byte[] array, Task completed)
            {
                GCHandle pin = GCHandle.Alloc(array, GCHandleType.Pinned);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, array.AsSpan());
                await completed;
                pin.Free();
            }
        }
        """);

    [Fact]
    public Task A_prep_result_kept_in_a_local_still_queued_the_buffer() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, int fd)
            {
                byte[] rented = ArrayPool<byte>.Shared.Rent(64);
                bool queued = ring.TryPrepareRecv(SqeContext.FromValue(1), fd, rented.AsMemory());
                ring.Submit();
                {|URING0002:ArrayPool<byte>.Shared.Return(rented)|};
                return queued;
            }
        }
        """);

    [Fact]
    public Task Releasing_where_a_stored_prep_result_is_false_is_not_reported() => V.Diagnostics("""
        class C
        {
            int M(Ring ring, int fd, CqeView[] completions)
            {
                byte[] rented = ArrayPool<byte>.Shared.Rent(64);
                bool queued = ring.TryPrepareRecv(SqeContext.FromValue(1), fd, rented.AsMemory());
                if (!queued)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                    return -1;
                }

                byte[] second = ArrayPool<byte>.Shared.Rent(64);
                bool armed = ring.TryPrepareRecv(SqeContext.FromValue(2), fd, second.AsMemory());
                if (armed == false)
                {
                    ArrayPool<byte>.Shared.Return(second);
                    ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                    ArrayPool<byte>.Shared.Return(rented);
                    return -1;
                }

                ring.Wait(completions, 2, Timeout.InfiniteTimeSpan);
                ArrayPool<byte>.Shared.Return(second);
                ArrayPool<byte>.Shared.Return(rented);
                return completions[0].Result;
            }
        }
        """);
}
