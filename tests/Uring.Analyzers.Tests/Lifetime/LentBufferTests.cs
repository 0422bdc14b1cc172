using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.ProvidedBufferNotRecycledAnalyzer, Uring.Analyzers.Buffers.UsedAfterReturnAnalyzer, Uring.Analyzers.Buffers.ReturnedTwiceAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>
/// URING0005, URING0013 (and URING0007) on the async layer's copy-free receive: <c>LentBuffer b = await
/// connection.ReceiveProvidedAsync();</c> lends a buffer (<c>[LendsProvidedBuffer]</c> on a method returning a task of it),
/// <c>b.Return()</c> gives it back (<c>[RecyclesProvidedBuffer]</c> on an instance method), and <c>b.IsEmpty</c>
/// (<c>[NothingLentWhenTrue]</c>) says nothing was lent.
/// </summary>
public sealed class LentBufferTests
{
    [Fact]
    public Task An_early_return_that_skips_the_return_is_reported() => V.Diagnostics("""
        class C
        {
            async Task<int> M(LoopConnection connection, CancellationToken ct)
            {
                LentBuffer buffer = await {|URING0005:connection.ReceiveProvidedAsync(ct)|};
                if (buffer.Length < 4)
                {
                    return 0;
                }

                int first = buffer.Span[0];
                buffer.Return();
                return first;
            }
        }
        """);

    [Fact]
    public Task A_lend_awaited_through_ConfigureAwait_or_AsTask_is_followed() => V.Diagnostics("""
        class C
        {
            async Task M(LoopConnection connection, bool bail)
            {
                LentBuffer buffer = await {|URING0005:connection.ReceiveProvidedAsync()|}.ConfigureAwait(false);
                if (bail)
                {
                    return;
                }

                buffer.Return();
            }

            async Task N(LoopConnection connection, bool bail)
            {
                var buffer = await {|URING0005:connection.ReceiveProvidedAsync()|}.AsTask().ConfigureAwait(false);
                if (bail)
                {
                    return;
                }

                buffer.Return();
            }
        }
        """);

    [Fact]
    public Task A_lent_buffer_awaited_in_place_is_never_returned() => V.Diagnostics("""
        class C
        {
            async Task<int> M(LoopConnection connection)
                => (await {|URING0005:connection.ReceiveProvidedAsync()|}).Length;
        }
        """);

    [Fact]
    public Task Reading_the_bytes_after_the_return_is_reported() => V.Diagnostics("""
        using System.Text;

        class C
        {
            async Task<string> M(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                buffer.Return();
                return Encoding.UTF8.GetString({|URING0013:buffer|}.Span);
            }

            async Task<int> N(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                ReadOnlyMemory<byte> bytes = buffer.Memory;
                int length = buffer.Length;
                buffer.Return();
                return length + {|URING0013:bytes|}.Span[0];
            }
        }
        """);

    [Fact]
    public Task Returning_twice_is_reported() => V.Diagnostics("""
        class C
        {
            async Task M(LoopConnection connection, bool failed)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                if (failed)
                {
                    buffer.Return();
                }

                {|URING0007:buffer.Return()|};
            }
        }
        """);

    [Fact]
    public Task Returning_in_a_finally_or_on_every_path_is_fine() => V.Diagnostics("""
        using System.Text;

        class C
        {
            async Task<string> InFinally(LoopConnection connection, CancellationToken ct)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync(ct).ConfigureAwait(false);
                try
                {
                    if (buffer.Length == 0)
                    {
                        return string.Empty;
                    }

                    return Encoding.UTF8.GetString(buffer.Span);
                }
                finally
                {
                    buffer.Return();
                }
            }

            async Task<int> OnEveryPath(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                if (buffer.Length > 100)
                {
                    buffer.Return();
                    return -1;
                }

                int first = buffer.Length > 0 ? buffer.Span[0] : 0;
                int length = buffer.Length;
                buffer.Return();
                return first + length;
            }
        }
        """);

    [Fact]
    public Task A_buffer_handed_on_is_the_receivers_to_return() => V.Diagnostics("""
        using System.Collections.Generic;

        class C
        {
            private readonly Queue<LentBuffer> _pending = new();
            private LentBuffer _held;

            async Task ToHelper(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                Consume(buffer);
            }

            async Task Stored(LoopConnection connection)
            {
                _held = await connection.ReceiveProvidedAsync();
                LentBuffer next = await connection.ReceiveProvidedAsync();
                _pending.Enqueue(next);
            }

            async Task<LentBuffer> ToCaller(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                return buffer;
            }

            async Task ToAnotherThread(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                await Task.Run(buffer.Return);
            }

            async Task KeptAsATask(LoopConnection connection)
            {
                ValueTask<LentBuffer> pending = connection.ReceiveProvidedAsync();
                Consume(await pending);
            }

            static void Consume(LentBuffer buffer) => buffer.Return();
        }
        """);

    [Fact]
    public Task The_end_of_the_stream_lends_nothing() => V.Diagnostics("""
        using System.IO;

        class C
        {
            async Task<byte[]> ReadAll(LoopConnection connection)
            {
                using MemoryStream all = new();
                while (true)
                {
                    LentBuffer buffer = await connection.ReceiveProvidedAsync();
                    if (buffer.IsEmpty)
                    {
                        return all.ToArray();
                    }

                    all.Write(buffer.Span);
                    buffer.Return();
                }
            }

            async Task<int> Negated(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                if (!buffer.IsEmpty)
                {
                    int length = buffer.Span.Length;
                    buffer.Return();
                    return length;
                }

                return 0;
            }

            async Task<int> ComparedToFalse(LoopConnection connection)
            {
                LentBuffer buffer = await connection.ReceiveProvidedAsync();
                if (buffer.IsEmpty == false)
                {
                    int length = buffer.Span.Length;
                    buffer.Return();
                    return length;
                }

                return 0;
            }
        }
        """);

    [Fact]
    public Task An_end_of_stream_test_does_not_hide_a_leak_on_the_other_branch() => V.Diagnostics("""
        class C
        {
            async Task<int> M(LoopConnection connection)
            {
                LentBuffer buffer = await {|URING0005:connection.ReceiveProvidedAsync()|};
                if (!buffer.IsEmpty)
                {
                    return buffer.Span[0];
                }

                return 0;
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_still_with_the_kernel_needs_no_recycle() => V.Diagnostics("""
        class C
        {
            int M(ProvidedBufferRing group, in CqeView cqe)
            {
                ProvidedBuffer buffer = group.Take(cqe);
                if (buffer.StillProvided)
                {
                    return buffer.Length;
                }

                int length = buffer.Data.Length;
                group.Recycle(buffer);
                return length;
            }
        }
        """);
}
