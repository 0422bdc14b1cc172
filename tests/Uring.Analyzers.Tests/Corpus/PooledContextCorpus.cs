using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.PooledContextNotReturnedAnalyzer, Uring.Analyzers.Buffers.ReturnedTwiceAnalyzer, Uring.Analyzers.Buffers.UsedAfterReturnAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "pooled contexts" (URING0006, URING0007, URING0013): contexts a completion handler gives back twice or
/// reads after giving back; and correct programs that look alike.
/// </summary>
public sealed class PooledContextCorpus
{
    [Fact]
    public Task A_completion_handler_that_returns_a_context_in_its_error_branch_and_again_after_it() => V.Diagnostics("""
        sealed class Dispatcher
        {
            private readonly Ring _ring;
            private readonly ExtendedCqe[] _completions = new ExtendedCqe[64];

            public Dispatcher(Ring ring) => _ring = ring;

            public void Pump()
            {
                int n = _ring.Reap(_completions);
                for (int i = 0; i < n; i++)
                {
                    OnCompleted(_completions[i]);
                }
            }

            private void OnCompleted(in ExtendedCqe completion)
            {
                if (completion.Result < 0)
                {
                    Console.Error.WriteLine($"request failed: {completion.Result}");
                    _ring.ReturnExtendedSqe(completion.Ext);
                }

                {|URING0007:_ring.ReturnExtendedSqe(completion.Ext)|};
            }

            private void OnDone(ExtendedSqe context, int result)
            {
                if (result < 0)
                {
                    _ring.ReturnExtendedSqe(context);
                }

                Console.WriteLine(result);
                {|URING0007:_ring.ReturnExtendedSqe(context)|};
            }

            private long OnTimed(ExtendedSqe context)
            {
                _ring.ReturnExtendedSqe(context);
                return {|URING0013:context|}.UserData[0];
            }
        }
        """);

    [Fact]
    public Task Returning_once_on_each_path_is_fine() => V.Diagnostics("""
        sealed class Careful
        {
            private readonly Ring _ring;
            private readonly ExtendedCqe[] _completions = new ExtendedCqe[64];

            public Careful(Ring ring) => _ring = ring;

            public void Pump()
            {
                int n = _ring.Reap(_completions);
                for (int i = 0; i < n; i++)
                {
                    ExtendedCqe completion = _completions[i];
                    long tag = completion.Ext.UserData[0];
                    if (completion.Result < 0)
                    {
                        _ring.ReturnExtendedSqe(completion.Ext);
                        continue;
                    }

                    _ring.ReturnExtendedSqe(completion.Ext);
                    Console.WriteLine(tag);
                }
            }

            public void Reaper(CqeView[] batch)
            {
                while (true)
                {
                    int count = _ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
                    for (int i = 0; i < count; i++)
                    {
                        CqeView cqe = batch[i];
                        if (cqe.Context.IsExtended)
                        {
                            ExtendedSqe ext = cqe.ExtendedSqe;
                            int key = ext.As<int>();
                            _ring.ReturnExtendedSqe(ext);
                            Console.WriteLine(key);
                        }
                    }
                }
            }
        }
        """);
}
