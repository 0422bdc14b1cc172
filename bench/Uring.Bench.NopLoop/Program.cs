using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace Uring.Bench.NopLoop;

/// <summary>
/// NOP prep + submit-and-wait + reap on a default ring (SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | NO_SQARRAY,
/// registered ring fd), shaped exactly like bench/liburing/nop_loop.c: a warm-up, then SAMPLES timed runs of OPS NOPs
/// in cycles of BATCH, printing the median, fastest and slowest ns per NOP and the bytes allocated per NOP.
/// </summary>
/// <remarks>
/// Usage: <c>Uring.Bench.NopLoop OPS BATCH [SAMPLES [WARMUP_MS [MODE]]]</c>. MODE <c>copy</c> (default) reaps with
/// <see cref="Ring.Wait(Span{CqeView}, int, TimeSpan)"/> and <see cref="Ring.Reap(Span{CqeView})"/>, copying each
/// completion into a span, as liburing's <c>io_uring_peek_batch_cqe</c> copies CQE pointers; <c>inplace</c> reads them
/// in the CQ ring with <see cref="Ring.WaitCompletions"/> and advances once per batch; <c>parts</c> times prep,
/// submit and reap apart (see <see cref="Parts"/>).
/// </remarks>
internal static class Program
{
    private const int Entries = 256;
    private const int MaxSamples = 64;

    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Uring.Bench.NopLoop OPS BATCH [SAMPLES [WARMUP_MS [copy|inplace|parts]]]");
            return 2;
        }

        long ops = long.Parse(args[0], CultureInfo.InvariantCulture);
        int batch = int.Parse(args[1], CultureInfo.InvariantCulture);
        int samples = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        double warmupMs = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 300;
        string mode = args.Length > 4 ? args[4] : "copy";
        if (batch < 1 || batch > Entries || ops < batch || samples < 1 || samples > MaxSamples || mode is not ("copy" or "inplace" or "parts"))
        {
            Console.Error.WriteLine($"need 1 <= BATCH <= {Entries}, OPS >= BATCH, 1 <= SAMPLES <= {MaxSamples}, MODE copy, inplace or parts");
            return 2;
        }

        using Ring ring = new(new RingOptions { Entries = Entries });
        ring.Start();
        CqeView[] completions = new CqeView[64];
        long cycles = ops / batch;
        if (mode == "parts")
        {
            Parts.Run(ring, batch, cycles, samples, completions);
            return 0;
        }

        // Warm-up long enough for tiered compilation to reach its optimized code (the loop runs on the first call).
        long warmupEnd = Stopwatch.GetTimestamp() + (long)(warmupMs / 1000 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            for (int i = 0; i < 1000; i++)
            {
                _ = mode == "inplace" ? CycleInPlace(ring, batch) : Cycle(ring, batch, completions);
            }
        }

        // Decided once: a string compare per cycle would be timed too (at batch 1, once per NOP).
        bool inPlace = mode == "inplace";
        double[] ns = new double[samples];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < samples; s++)
        {
            long sum = 0;
            long start = Stopwatch.GetTimestamp();
            for (long c = 0; c < cycles; c++)
            {
                sum += inPlace ? CycleInPlace(ring, batch) : Cycle(ring, batch, completions);
            }

            ns[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (cycles * batch);
            if (sum != cycles * batch)
            {
                throw new InvalidOperationException($"completion count {sum}, expected {cycles * batch}");
            }
        }

        double allocatedPerOp = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (samples * cycles * batch);
        Array.Sort(ns);
        double median = samples % 2 == 1 ? ns[samples / 2] : (ns[(samples / 2) - 1] + ns[samples / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet-{mode} {batch} {median:F2} {ns[0]:F2} {ns[^1]:F2} {allocatedPerOp:F4}"));
        return 0;
    }

    /// <summary>As <see cref="Cycle"/>, reading the completions in place and advancing the CQ head once per batch.</summary>
    private static long CycleInPlace(Ring ring, int batch)
    {
        for (int i = 0; i < batch; i++)
        {
            ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }

        long total = 0;
        int reaped = 0;
        CompletionBatch completions = ring.WaitCompletions(batch, Timeout.InfiniteTimeSpan);
        while (true)
        {
            foreach (CqeView completion in completions)
            {
                if (completion.Result < 0)
                {
                    throw new InvalidOperationException($"completion failed: {completion.Result}");
                }

                total += completion.Result + 1;
            }

            reaped += completions.Slots;
            completions.Advance();
            if (reaped >= batch)
            {
                return total;
            }

            completions = ring.WaitCompletions(batch - reaped, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>One cycle, as nop_loop.c's: prep, one enter that submits and waits for all, reap 64 at a time.</summary>
    private static long Cycle(Ring ring, int batch, CqeView[] completions)
    {
        for (int i = 0; i < batch; i++)
        {
            ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }

        long total = 0;
        int reaped = 0;
        int got = ring.Wait(completions, batch, Timeout.InfiniteTimeSpan);
        while (true)
        {
            for (int i = 0; i < got; i++)
            {
                int result = completions[i].Result;
                if (result < 0)
                {
                    throw new InvalidOperationException($"completion failed: {result}");
                }

                total += result + 1;
            }

            reaped += got;
            if (reaped >= batch)
            {
                return total;
            }

            got = ring.Reap(completions);
            if (got == 0)
            {
                got = ring.Wait(completions, batch - reaped, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
