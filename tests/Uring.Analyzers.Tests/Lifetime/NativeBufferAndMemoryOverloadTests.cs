using System.Threading.Tasks;
using Xunit;
using S = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.SuppressedCompletionAnalyzer>;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>
/// The buffer-lifetime rules and the runtime's owned memory: a NativeBuffer's memory is stable; the Memory
/// overloads pin what they are given (no URING0001, and a NativeBuffer may be disposed at once), but a pooled
/// owner given back early and a write into memory in flight are still wrong; and a NativeBuffer's span given to a
/// span overload is the caller's to keep alive (URING0002 when it is disposed before the completion).
/// </summary>
public sealed class NativeBufferAndMemoryOverloadTests
{
    [Fact]
    public Task A_native_buffer_span_is_stable_memory() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, NativeBuffer buffer, CqeView[] completions)
            {
                using NativeBuffer local = new NativeBuffer(4096);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, local.Span[..10]);
                ring.TryPrepareRead(SqeContext.FromValue(2), fd, local.Memory.Span[10..]);
                ring.TryPrepareWrite(SqeContext.FromValue(3), fd, buffer.GetSpan());
                ring.Wait(completions, 3, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Disposing_a_native_buffer_whose_span_was_submitted_before_the_wait_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                NativeBuffer buffer = new NativeBuffer(4096);
                ring.TryPrepareRecv(SqeContext.FromValue(1), fd, buffer.Span[..100]);
                {|URING0002:buffer.Dispose()|};
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_using_native_buffer_that_ends_before_the_completion_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                using (NativeBuffer {|URING0002:buffer = new NativeBuffer(4096)|})
                {
                    ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.Span);
                    ring.Submit();
                }
            }
        }
        """);

    [Fact]
    public Task Disposing_a_native_buffer_after_the_wait_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                using NativeBuffer buffer = new NativeBuffer(4096);
                ring.TryPrepareRecv(SqeContext.FromValue(1), fd, buffer.Span);
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Disposing_a_native_buffer_right_after_a_memory_overload_is_fine() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, int fd)
            {
                using NativeBuffer buffer = new NativeBuffer(4096);
                return ring.TryPrepareRecv(SqeContext.FromValue(1), fd, buffer.Memory[..100]);
            }

            void N(Ring ring, int fd)
            {
                NativeBuffer buffer = new NativeBuffer(4096);
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, buffer.Memory);
                buffer.Dispose();
            }
        }
        """);

    [Fact]
    public Task Managed_arrays_given_as_memory_are_pinned_by_the_ring() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, int fd)
            {
                byte[] array = new byte[4096];
                Statx[] status = new Statx[1];
                return ring.TryPrepareRead(SqeContext.FromValue(1), fd, array.AsMemory())
                    && ring.TryPrepareSend(SqeContext.FromValue(2), fd, new ReadOnlyMemory<byte>(new byte[16]))
                    && ring.TryPrepareStatx(SqeContext.FromValue(3), -100, "/", status.AsMemory());
            }
        }
        """);

    [Fact]
    public Task Ending_the_callers_own_pin_early_is_fine_with_a_memory_overload() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, Memory<byte> memory, CqeView[] completions)
            {
                using (MemoryHandle pin = memory.Pin())
                {
                    ring.TryPrepareRead(SqeContext.FromValue(1), fd, memory);
                }

                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Giving_a_pooled_owner_back_before_the_completion_is_still_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(4096);
                ring.TryPrepareRecv(SqeContext.FromValue(1), fd, owner.Memory);
                {|URING0002:owner.Dispose()|};
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Writing_memory_a_memory_overload_reads_is_still_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                byte[] array = new byte[64];
                ring.TryPrepareSend(SqeContext.FromValue(1), fd, array.AsMemory());
                {|URING0003:array[0]|} = 1;
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Waiting_for_a_leased_write_without_NotifySucceed_is_still_reported() => S.Diagnostics("""
        class C
        {
            void M(int fd, NativeBuffer buffer, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, buffer.Memory);
                {|URING0008:ring.Wait(completions, 1, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);
}
