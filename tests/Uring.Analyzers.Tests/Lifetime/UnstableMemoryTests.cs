using System.Threading.Tasks;
using Xunit;
using FlowV = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0001: memory that moves or dies handed to an op that keeps it.</summary>
public sealed class UnstableMemoryTests
{
    [Fact]
    public Task Stackalloc_passed_to_a_read_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                Span<byte> buffer = stackalloc byte[64];
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:buffer|});
            }
        }
        """);

    /// <remarks>The prepare's bool is returned, not branched on: where it is true the op is queued when the frame ends.</remarks>
    [Fact]
    public Task Stackalloc_queued_by_a_prepare_whose_result_is_returned_is_reported() => V.Diagnostics("""
        class C
        {
            static bool M(Ring ring, int fd)
            {
                Span<byte> buffer = stackalloc byte[4096];
                return ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:buffer|});
            }

            static bool Waited(Ring ring, int fd, Span<CqeView> completions)
            {
                Span<byte> buffer = stackalloc byte[4096];
                if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer))
                {
                    return false;
                }

                return ring.Wait(completions, 1, TimeSpan.FromSeconds(-1)) == 1;
            }
        }
        """);

    [Fact]
    public Task Stackalloc_queued_in_a_guard_and_submitted_before_returning_is_reported() => V.Diagnostics("""
        class C
        {
            static int M(Ring ring, int socket)
            {
                Span<byte> hello = stackalloc byte[32];
                if (!ring.TryPrepareRecv(SqeContext.FromValue(4), socket, {|URING0001:hello|}))
                {
                    return -1;
                }

                ring.Submit();
                return 0;
            }
        }
        """);

    [Fact]
    public Task A_new_array_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:new byte[4096].AsSpan()|});
        }
        """);

    [Fact]
    public Task A_pool_array_through_AsSpan_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, {|URING0001:rented.AsSpan(0, 100)|});
            }
        }
        """);

    [Fact]
    public Task A_span_over_a_local_struct_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring)
            {
                Statx result = default;
                ring.TryPrepareStatx(SqeContext.FromValue(1), -100, "/tmp", {|URING0001:MemoryMarshal.CreateSpan(ref result, 1)|});
            }
        }
        """);

    [Fact]
    public Task A_user_declared_held_parameter_is_covered() => V.Diagnostics("""
        static class MyOps
        {
            public static bool Send(this Ring ring, [HeldUntilCompletion] ReadOnlySpan<byte> data) => true;

            static void M(Ring ring)
            {
                Span<byte> data = stackalloc byte[16];
                ring.Send({|URING0001:data|});
            }
        }
        """);

    [Fact]
    public Task A_pinned_array_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                byte[] buffer = GC.AllocateArray<byte>(4096, pinned: true);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsSpan());
            }
        }
        """);

    [Fact]
    public Task Native_memory_is_fine() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(4096);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 4096));
            }
        }
        """);

    [Fact]
    public Task Staged_parameters_and_paths_may_use_the_stack() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd, IoVector one)
            {
                Span<IoVector> vectors = stackalloc IoVector[1];
                vectors[0] = one;
                ring.TryPrepareReadv(SqeContext.FromValue(1), fd, vectors);
                Span<char> path = stackalloc char[4];
                "/tmp".AsSpan().CopyTo(path);
                ring.TryPrepareOpenAt(SqeContext.FromValue(2), -100, path, OpenFlags.ReadOnly);
            }
        }
        """);

    [Fact]
    public Task Memory_of_unknown_origin_is_not_reported() => V.Diagnostics("""
        class C
        {
            byte[] _buffer = null!;

            void M(Ring ring, int fd, Span<byte> fromCaller)
            {
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, fromCaller);
                ring.TryPrepareRead(SqeContext.FromValue(2), fd, _buffer.AsSpan());
            }
        }
        """);

    [Fact]
    public Task An_array_pinned_by_a_GCHandle_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                byte[] buffer = new byte[4096];
                GCHandle pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsSpan());
            }
        }
        """);

    [Fact]
    public Task A_fixed_scope_that_ends_before_the_wait_is_reported() => FlowV.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, byte[] array, CqeView[] completions)
            {
                fixed (byte* p = array)
                {
                    ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:new Span<byte>(p, array.Length)|});
                }

                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_using_pin_that_ends_before_the_wait_is_an_owner_released() => FlowV.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, Memory<byte> memory, CqeView[] completions)
            {
                using (MemoryHandle {|URING0002:pin = memory.Pin()|})
                {
                    ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(pin.Pointer, memory.Length));
                }

                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_fixed_scope_that_waits_inside_is_fine() => FlowV.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, byte[] array, CqeView[] completions)
            {
                fixed (byte* p = array)
                {
                    if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(p, array.Length)))
                    {
                        return;
                    }

                    ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                }
            }
        }
        """);

    [Fact]
    public Task A_fixed_array_passed_as_a_span_inside_the_scope_is_fine() => V.Diagnostics("""
        unsafe class C
        {
            void M(Ring ring, int fd, CqeView[] completions)
            {
                byte[] array = new byte[64];
                fixed (byte* p = array)
                {
                    ring.TryPrepareRead(SqeContext.FromValue(1), fd, array.AsSpan());
                    ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                }
            }
        }
        """);

    /// <remarks>
    /// An element of a jagged array is an array of its own, not the outer array's memory: the outer one being an
    /// ordinary <c>new byte[n][]</c> says nothing about whether the inner ones move.
    /// </remarks>
    [Fact]
    public Task An_element_of_a_jagged_array_field_is_not_the_outer_arrays_memory() => V.Diagnostics("""
        class C
        {
            private readonly byte[][] _shards = new byte[4][];

            C()
            {
                for (int i = 0; i < _shards.Length; i++)
                {
                    _shards[i] = GC.AllocateArray<byte>(4096, pinned: true);
                }
            }

            void M(Ring ring, int fd, int shard)
            {
                byte[] data = _shards[shard];
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, data.AsSpan(), 0);
                ring.TryPrepareWrite(SqeContext.FromValue(2), fd, _shards[0].AsSpan(), 0);
            }
        }
        """);

    [Fact]
    public Task A_byte_element_of_a_new_array_is_still_the_arrays_memory() => V.Diagnostics("""
        class C
        {
            unsafe void M(Ring ring, int fd)
            {
                byte[] data = new byte[4096];
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:MemoryMarshal.CreateSpan(ref data[0], 4096)|});
            }
        }
        """);
}
