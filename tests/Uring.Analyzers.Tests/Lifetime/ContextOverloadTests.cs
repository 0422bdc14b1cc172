using System.Threading.Tasks;
using Xunit;
using FlowV = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;
using IssuerV = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.CrossThreadIssuerAnalyzer>;
using ReturnedV = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UsedAfterReturnAnalyzer, Uring.Analyzers.Buffers.ReturnedTwiceAnalyzer, Uring.Analyzers.Buffers.PooledContextNotReturnedAnalyzer>;
using SuppressedV = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.SuppressedCompletionAnalyzer>;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>
/// The generated <c>TryPrepare*&lt;TContext&gt;(in TContext context, ...)</c> overloads carry
/// <c>[HeldUntilCompletion]</c> on the memory the kernel keeps and <c>[IssuerThreadOnly]</c>, and take the
/// kind (read-like, write-like) of the op they call, so calls through them are checked like calls to the op itself. <c>Tag</c> stands in for a generated
/// <c>[UringContext]</c> (these tests run no generator).
/// </summary>
public sealed class ContextOverloadTests
{
    private const string Context = """
        struct Tag : IUringContext<Tag>
        {
            public int Value;
            public static bool TryRent(Ring ring, in Tag value, out ExtendedSqe ext) => ring.TryRentExtendedSqe(out ext);
            public static void Release(Ring ring, ExtendedSqe ext) => ring.ReturnExtendedSqe(ext);
        }

        """;

    /// <summary>A typed context as the generator writes its accessors (this test runs no generator).</summary>
    private const string Typed = """
        [UringContext]
        partial struct Upload
        {
            public int Sequence;
            public static Upload Load(ExtendedSqe ext) => ext.As<Upload>();
            public static void Release(Ring ring, ExtendedSqe ext) => ring.ReturnExtendedSqe(ext);
        }

        static class Log
        {
            public static void Handle(ExtendedSqe ext) { }
        }

        """;

    [Fact]
    public Task A_typed_context_read_through_its_accessor_after_return_is_reported() => ReturnedV.Diagnostics(Typed + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                ExtendedSqe ext = cqe.ExtendedSqe;
                ring.ReturnExtendedSqe(ext);
                Upload state = Upload.Load({|URING0013:ext|});
                Console.WriteLine(state.Sequence);
            }
        }
        """);

    [Fact]
    public Task A_typed_context_loaded_before_return_or_handed_elsewhere_after_is_fine() => ReturnedV.Diagnostics(Typed + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                ExtendedSqe ext = cqe.ExtendedSqe;
                Upload state = Upload.Load(ext);
                ring.ReturnExtendedSqe(ext);
                Log.Handle(ext);
                Console.WriteLine(state.Sequence);
            }
        }
        """);

    [Fact]
    public Task Stackalloc_through_the_context_overload_is_reported() => V.Diagnostics(Context + """
        class C
        {
            void M(Ring ring, int fd)
            {
                Span<byte> buffer = stackalloc byte[64];
                ring.TryPrepareRead(new Tag { Value = 1 }, fd, {|URING0001:buffer|});
            }
        }
        """);

    [Fact]
    public Task A_pinned_array_through_the_context_overload_is_fine() => V.Diagnostics(Context + """
        class C
        {
            void M(Ring ring, int fd)
            {
                byte[] buffer = GC.AllocateArray<byte>(4096, pinned: true);
                ring.TryPrepareRead(new Tag { Value = 1 }, fd, buffer.AsSpan(), offset: 0);
                Span<byte> path = stackalloc byte[8];
                ring.TryPrepareNop(new Tag(), NopFlags.InjectResult, path.Length);
            }
        }
        """);

    [Fact]
    public Task Freeing_memory_in_flight_through_the_context_overload_is_reported() => FlowV.Diagnostics(Context + """
        unsafe class C
        {
            void M(Ring ring, int fd)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                ring.TryPrepareRead(new Tag(), fd, new Span<byte>(buffer, 64));
                ring.Submit();
                {|URING0002:NativeMemory.Free(buffer)|};
            }
        }
        """);

    [Fact]
    public Task The_context_overload_from_another_thread_is_reported() => IssuerV.Diagnostics(Context + """
        class C
        {
            void M()
            {
                Ring ring = new Ring();
                ring.Start();
                Task.Run(() => {|URING0009:ring.TryPrepareNop(new Tag { Value = 2 })|});
            }
        }
        """);

    [Fact]
    public Task Waiting_forever_for_a_write_through_the_context_overload_is_reported() => SuppressedV.Diagnostics(Context + """
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(new Tag { Value = 1 }, fd, pinned.AsSpan());
                {|URING0008:ring.Wait(completions, 1, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);

    [Fact]
    public Task A_read_through_the_context_overload_posts_its_completion() => SuppressedV.Diagnostics(Context + """
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring();
                ring.Start();
                ring.TryPrepareWrite(new Tag { Value = 1 }, fd, pinned.AsSpan());
                ring.TryPrepareRead(new Tag { Value = 2 }, fd, pinned.AsSpan());
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task A_write_through_the_context_overload_on_a_notifying_ring_is_fine() => SuppressedV.Diagnostics(Context + """
        class C
        {
            void M(int fd, byte[] pinned, CqeView[] completions)
            {
                using Ring ring = new Ring(new RingOptions { Entries = 64, NotifySucceed = true });
                ring.Start();
                ring.TryPrepareWrite(new Tag { Value = 1 }, fd, pinned.AsSpan());
                ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Freeing_memory_in_flight_through_an_initialized_context_is_reported() => FlowV.Diagnostics(Context + """
        unsafe class C
        {
            void M(Ring ring, int fd)
            {
                byte* buffer = (byte*)NativeMemory.Alloc(64);
                ring.TryPrepareRead(new Tag { Value = 3 }, fd, new Span<byte>(buffer, 64));
                ring.Submit();
                {|URING0002:NativeMemory.Free(buffer)|};
            }
        }
        """);
}
