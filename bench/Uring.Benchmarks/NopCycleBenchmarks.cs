using System;
using BenchmarkDotNet.Attributes;

namespace Uring.Benchmarks;

/// <summary>
/// The cost of one request round trip with nothing to do: prepare <see cref="Batch"/> NOPs, submit them
/// with one <c>io_uring_enter</c>, reap the completions. Batch 1 is dominated by the system call
/// (~1.2 µs on this VM); batch 32 and 256 show the per-request cost of the runtime itself. The side-by-side
/// comparison with liburing is bench/nop-vs-liburing.sh (a Stopwatch loop of the same shape as the C one).
/// </summary>
[MemoryDiagnoser]
public class NopCycleBenchmarks
{
    private Ring _ring = null!;
    private CqeView[] _completions = null!;

    [Params(1, 32, 256)]
    public int Batch { get; set; }

    /// <summary>Enter by registered ring index (the default) or by fd; the interleaved comparison is <c>ring-fd-ab</c>.</summary>
    [Params(true, false)]
    public bool RegisteredRingFd { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring = new Ring(new RingOptions { Entries = 256, NotifySucceed = true, RegisteredRingFd = RegisteredRingFd });
        _ring.Start();
        _completions = new CqeView[64];
    }

    [GlobalCleanup]
    public void Cleanup() => _ring.Dispose();

    [Benchmark(Description = "NOP prep + Wait (one blocking enter)")]
    public int NopCycle()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }

        int reaped = 0;
        while (reaped < Batch)
        {
            reaped += _ring.Wait(_completions, Batch - reaped, TimeSpan.FromSeconds(1));
        }

        return reaped;
    }

    [Benchmark(Description = "NOP prep + WaitCompletions (read in place, one Advance)")]
    public int NopCycleInPlace()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }

        int reaped = 0;
        while (reaped < Batch)
        {
            CompletionBatch batch = _ring.WaitCompletions(Batch - reaped, TimeSpan.FromSeconds(1));
            foreach (CqeView completion in batch)
            {
                reaped += completion.Result + 1;
            }

            batch.Advance();
        }

        return reaped;
    }

    [Benchmark(Description = "NOP prep + Submit + Wait (non-blocking reap)")]
    public int NopSubmitThenReap()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }

        _ring.Submit();
        int reaped = 0;
        while (reaped < Batch)
        {
            reaped += _ring.Reap(_completions);
        }

        return reaped;
    }
}
