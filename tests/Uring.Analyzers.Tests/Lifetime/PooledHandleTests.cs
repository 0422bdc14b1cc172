using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.ProvidedBufferNotRecycledAnalyzer, Uring.Analyzers.Buffers.PooledContextNotReturnedAnalyzer, Uring.Analyzers.Buffers.ReturnedTwiceAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0005, URING0006, URING0007: pooled contexts and provided buffers.</summary>
public sealed class PooledHandleTests
{
    /// <summary>A stand-in buffer ring API marked the way the runtime's will be.</summary>
    private const string BufferRing = """
        struct ProvidedBuffer { public int Id; }

        static class BufferRing
        {
            [LendsProvidedBuffer]
            public static ProvidedBuffer Take(this Ring ring, CqeView cqe) => default;

            [LendsProvidedBuffer]
            public static bool TryTake(this Ring ring, CqeView cqe, out ProvidedBuffer buffer) { buffer = default; return true; }

            [RecyclesProvidedBuffer]
            public static void Recycle(this Ring ring, ProvidedBuffer buffer) { }

            public static void Consume(ProvidedBuffer buffer) { }
        }

        """;

    [Fact]
    public Task A_context_leaked_on_an_early_return_is_reported() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, bool bail)
            {
                if (!{|URING0006:ring.TryRentExtendedSqe(out ExtendedSqe ext)|})
                {
                    return false;
                }

                ext.UserData[0] = 1;
                if (bail)
                {
                    return false;
                }

                ring.ReturnExtendedSqe(ext);
                return true;
            }
        }
        """);

    [Fact]
    public Task A_context_whose_submission_result_is_returned_as_it_is_is_reported() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, long id)
            {
                if (!{|URING0006:ring.TryRentExtendedSqe(out ExtendedSqe ext)|})
                {
                    return false;
                }

                ext.As<long>() = id;
                return ring.TryPrepareNop(ext.Context);
            }

            bool Fine(Ring ring, long id)
            {
                if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    return false;
                }

                ext.As<long>() = id;
                if (ring.TryPrepareNop(ext.Context))
                {
                    return true;
                }

                ring.ReturnExtendedSqe(ext);
                return false;
            }
        }
        """);

    [Fact]
    public Task A_context_leaked_when_the_submission_queues_nothing_is_reported() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring)
            {
                if (!{|URING0006:ring.TryRentExtendedSqe(out ExtendedSqe ext)|})
                {
                    return false;
                }

                return ring.TryPrepareNop(ext.Context) ? true : false;
            }
        }
        """);

    [Fact]
    public Task An_indirect_context_from_the_pools_leaked_is_reported() => V.Diagnostics("""
        class C
        {
            void M(ContextPools pools)
            {
                {|URING0006:pools.TryRentIndirect(out IndirectSqe sqe)|};
                sqe.Sqe.Opcode = 0;
            }
        }
        """);

    [Fact]
    public Task Returning_twice_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, bool failed)
            {
                if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    return;
                }

                if (failed)
                {
                    ring.ReturnExtendedSqe(ext);
                }

                {|URING0007:ring.ReturnExtendedSqe(ext)|};
            }
        }
        """);

    /// <remarks>The second wait fills the span again: <c>done[0].ExtendedSqe</c> is the next completion's context.</remarks>
    [Fact]
    public Task Returning_the_context_of_each_completion_read_into_the_same_span_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring)
            {
                Span<CqeView> done = stackalloc CqeView[1];
                if (ring.Wait(done, 1, TimeSpan.FromSeconds(1)) == 1)
                {
                    ring.ReturnExtendedSqe(done[0].ExtendedSqe);
                }

                if (ring.Wait(done, 1, TimeSpan.FromSeconds(1)) == 1)
                {
                    ring.ReturnExtendedSqe(done[0].ExtendedSqe);
                }

                int reaped = ring.Wait(done, 1, TimeSpan.FromSeconds(1));
                if (reaped != 1)
                {
                    return;
                }

                Release(ring, done[0].ExtendedSqe);
                reaped = ring.Wait(done, 1, TimeSpan.FromSeconds(1));
                if (reaped != 1)
                {
                    return;
                }

                Release(ring, done[0].ExtendedSqe);
            }

            /// <summary>As a [UringContext] type's generated Release: the ring is where the context goes back to.</summary>
            [ReturnsPooledContext]
            static void Release(Ring ring, ExtendedSqe ext) => ring.ReturnExtendedSqe(ext);
        }
        """);

    [Fact]
    public Task A_provided_buffer_not_recycled_is_reported() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView cqe, bool skip)
            {
                ProvidedBuffer buffer = {|URING0005:ring.Take(cqe)|};
                if (skip)
                {
                    return;
                }

                ring.Recycle(buffer);
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_recycled_twice_is_reported() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                if (ring.TryTake(cqe, out ProvidedBuffer buffer))
                {
                    ring.Recycle(buffer);
                    {|URING0007:ring.Recycle(buffer)|};
                }
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_leaked_in_a_loop_is_reported() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView[] completions, int n)
            {
                for (int i = 0; i < n; i++)
                {
                    if ({|URING0005:ring.TryTake(completions[i], out ProvidedBuffer buffer)|} && buffer.Id == 0)
                    {
                        continue;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Rent_fill_submit_is_fine() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring)
            {
                if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    return false;
                }

                ext.UserData[0] = 7;
                if (!ring.TryPrepareNop(ext.Context))
                {
                    ring.ReturnExtendedSqe(ext);
                    return false;
                }

                return true;
            }
        }
        """);

    [Fact]
    public Task Returning_in_finally_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring)
            {
                if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    return;
                }

                try
                {
                    ext.UserData.Clear();
                    if (ext.UserData[0] != 0)
                    {
                        return;
                    }
                }
                finally
                {
                    ring.ReturnExtendedSqe(ext);
                }
            }
        }
        """);

    [Fact]
    public Task Handing_the_handle_on_is_fine() => V.Diagnostics(BufferRing + """
        class C
        {
            ExtendedSqe _kept;

            ExtendedSqe Rent(Ring ring)
            {
                ring.TryRentExtendedSqe(out ExtendedSqe ext);
                return ext;
            }

            void Keep(Ring ring)
            {
                if (ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    _kept = ext;
                }
            }

            void Pass(Ring ring, CqeView cqe)
            {
                ProvidedBuffer buffer = ring.Take(cqe);
                BufferRing.Consume(buffer);
            }
        }
        """);

    [Fact]
    public Task A_returned_handle_from_a_loop_of_rents_is_fine() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
                    {
                        break;
                    }

                    ring.ReturnExtendedSqe(ext);
                }
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_leaked_on_an_inner_return_is_reported() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                if ({|URING0005:ring.TryTake(cqe, out ProvidedBuffer buffer)|})
                {
                    if (buffer.Id == 0)
                    {
                        return;
                    }

                    ring.Recycle(buffer);
                }
            }
        }
        """);

    [Fact]
    public Task Returning_in_a_loop_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int attempts)
            {
                // With attempts == 0 it is never returned, too.
                if (!{|URING0006:ring.TryRentExtendedSqe(out ExtendedSqe ext)|})
                {
                    return;
                }

                for (int i = 0; i < attempts; i++)
                {
                    {|URING0007:ring.ReturnExtendedSqe(ext)|};
                }
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_recycled_on_every_path_is_fine() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                ProvidedBuffer buffer = ring.Take(cqe);
                if (cqe.Result < 0)
                {
                    ring.Recycle(buffer);
                    return;
                }

                ring.Recycle(buffer);
            }
        }
        """);

    [Fact]
    public Task A_failed_take_lends_nothing() => V.Diagnostics(BufferRing + """
        class C
        {
            void M(Ring ring, CqeView cqe)
            {
                if (!ring.TryTake(cqe, out ProvidedBuffer buffer))
                {
                    return;
                }

                try
                {
                    Console.WriteLine(buffer.Id);
                }
                finally
                {
                    ring.Recycle(buffer);
                }
            }
        }
        """);

    [Fact]
    public Task Returning_once_on_each_branch_is_fine() => V.Diagnostics("""
        class C
        {
            bool M(Ring ring, bool early)
            {
                if (!ring.TryRentIndirectSqe(out IndirectSqe sqe))
                {
                    return false;
                }

                if (early)
                {
                    ring.ReturnIndirectSqe(sqe);
                    return false;
                }
                else
                {
                    sqe.Sqe.Opcode = 0;
                }

                ring.ReturnIndirectSqe(sqe);
                return true;
            }
        }
        """);
}
