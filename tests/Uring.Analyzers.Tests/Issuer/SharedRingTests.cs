using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.SharedRingAnalyzer>;

namespace Uring.Analyzers.Tests.Issuer;

/// <summary>URING0011 (suggestion): a single-issuer ring stored where other threads reach it.</summary>
public sealed class SharedRingTests
{
    [Fact]
    public Task A_static_field_initialized_with_a_ring_is_reported() => V.Diagnostics("""
        class C
        {
            static readonly Ring s_ring {|URING0011:= new Ring()|};
        }
        """);

    [Fact]
    public Task Assigning_a_ring_to_a_static_field_is_reported() => V.Diagnostics("""
        class C
        {
            static Ring? s_ring;

            void M()
            {
                var options = new RingOptions { Entries = 64 };
                {|URING0011:s_ring = new Ring(options)|};
            }
        }
        """);

    [Fact]
    public Task Capturing_a_ring_in_thread_pool_code_is_reported() => V.Diagnostics("""
        interface IRingLog
        {
            void Log(Ring ring);
        }

        class C
        {
            void M(IRingLog log)
            {
                var ring = new Ring();
                Task.Run(() => log.Log({|URING0011:ring|}));
            }
        }
        """);

    [Fact]
    public Task A_thread_static_field_is_fine() => V.Diagnostics("""
        class C
        {
            [ThreadStatic]
            static Ring? t_ring;

            void M() => t_ring = new Ring();
        }
        """);

    [Fact]
    public Task A_multi_issuer_ring_in_a_static_field_is_fine() => V.Diagnostics("""
        class C
        {
            static readonly Ring s_ring = new Ring(new RingOptions { MultiIssuers = true });
        }
        """);

    [Fact]
    public Task Instance_fields_and_unknown_rings_are_fine() => V.Diagnostics("""
        class C
        {
            readonly Ring _ring = new Ring();
            static Ring? s_shared;

            void M(Ring fromCaller)
            {
                s_shared = fromCaller;
                Task.Run(() => Console.WriteLine(fromCaller.IsStarted));
            }
        }
        """);
}
