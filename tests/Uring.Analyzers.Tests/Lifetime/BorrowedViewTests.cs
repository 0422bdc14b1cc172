using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.BorrowedViewAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

/// <summary>URING0004: a borrowed completion view stored beyond the reap loop.</summary>
public sealed class BorrowedViewTests
{
    [Fact]
    public Task A_closure_kept_in_a_field_collection_or_field_is_reported() => V.Diagnostics("""
        using System.Collections.Generic;

        class Deferred
        {
            private readonly Queue<Action> _later = new();
            private Action? _last;

            void Pump(Ring ring, CqeView[] batch)
            {
                int n = ring.Reap(batch);
                for (int i = 0; i < n; i++)
                {
                    CqeView completion = batch[i];
                    _later.Enqueue(() => Console.WriteLine({|URING0004:completion|}.Result));
                    _last = () => Console.WriteLine({|URING0004:completion|}.Flags);
                }
            }
        }
        """);

    [Fact]
    public Task A_closure_run_within_the_call_or_over_copied_fields_is_fine() => V.Diagnostics("""
        using System.Collections.Generic;

        class Deferred
        {
            private readonly Queue<Action> _later = new();
            private readonly List<Action<int>> _listeners = new();

            void Pump(Ring ring, CqeView[] batch)
            {
                int n = ring.Reap(batch);
                Queue<Action> local = new();
                for (int i = 0; i < n; i++)
                {
                    CqeView completion = batch[i];
                    int result = completion.Result;
                    _later.Enqueue(() => Console.WriteLine(result));
                    _listeners.ForEach(listener => listener(completion.Result));
                    local.Enqueue(() => Console.WriteLine(completion.Result));
                }

                while (local.TryDequeue(out Action? work))
                {
                    work();
                }
            }
        }
        """);

    [Fact]
    public Task Storing_a_view_in_a_field_is_reported() => V.Diagnostics("""
        class Handler
        {
            CqeView _last;

            void Reap(Ring ring, CqeView[] completions)
            {
                int n = ring.Reap(completions);
                for (int i = 0; i < n; i++)
                {
                    {|URING0004:_last = completions[i]|};
                }
            }
        }
        """);

    [Fact]
    public Task Queueing_views_in_a_field_collection_is_reported() => V.Diagnostics("""
        class Handler
        {
            readonly System.Collections.Generic.Queue<ExtendedCqe> _pending = new();

            void Reap(Ring ring, ExtendedCqe[] completions)
            {
                int n = ring.Reap(completions);
                for (int i = 0; i < n; i++)
                {
                    _pending.Enqueue({|URING0004:completions[i]|});
                }
            }
        }
        """);

    [Fact]
    public Task Storing_in_a_static_or_in_an_object_is_reported() => V.Diagnostics("""
        class Box { public DirectCqe Value; }

        class Handler
        {
            static DirectCqe s_last;

            void Reap(Ring ring, DirectCqe[] completions, Box box)
            {
                if (ring.Reap(completions) > 0)
                {
                    {|URING0004:s_last = completions[0]|};
                    {|URING0004:box.Value = completions[0]|};
                }
            }
        }
        """);

    [Fact]
    public Task Capturing_a_view_in_a_thread_pool_lambda_is_reported() => V.Diagnostics("""
        class Handler
        {
            void Reap(Ring ring, CqeView[] completions)
            {
                int n = ring.Reap(completions);
                for (int i = 0; i < n; i++)
                {
                    CqeView cqe = completions[i];
                    Task.Run(() => Console.WriteLine({|URING0004:cqe|}.Result));
                }
            }
        }
        """);

    [Fact]
    public Task Copying_fields_out_is_fine() => V.Diagnostics("""
        class Handler
        {
            int _lastResult;

            void Reap(Ring ring, CqeView[] completions)
            {
                int n = ring.Reap(completions);
                for (int i = 0; i < n; i++)
                {
                    CqeView cqe = completions[i];
                    _lastResult = cqe.Result;
                }
            }
        }
        """);

    [Fact]
    public Task A_reusable_reap_array_in_a_field_is_fine() => V.Diagnostics("""
        class Loop
        {
            readonly CqeView[] _completions = new CqeView[64];

            int Reap(Ring ring) => ring.Reap(_completions);
        }
        """);

    [Fact]
    public Task Locals_and_struct_locals_are_fine() => V.Diagnostics("""
        struct Pair { public CqeView First; }

        class Handler
        {
            CqeView Reap(Ring ring, Span<CqeView> completions)
            {
                Pair pair = default;
                CqeView last = default;
                int n = ring.Reap(completions);
                for (int i = 0; i < n; i++)
                {
                    last = completions[i];
                    pair.First = completions[i];
                    completions[i] = default;
                }

                return last;
            }
        }
        """);
}
