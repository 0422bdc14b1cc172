using System;
using System.Diagnostics;
using System.Linq;

namespace Uring.Benchmarks;

/// <summary>
/// NOP prep + submit + reap with and without a registered ring fd, interleaved: each round runs both rings one after
/// the other (in alternating order), so a busy neighbour slows both alike. Prints the median and the fastest round of
/// each, in ns per NOP, and the ratio of medians.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Uring.Benchmarks -- ring-fd-ab [rounds]</c>. BenchmarkDotNet runs its
/// parameter values one after another, which on a shared machine compares two different loads; this compares like
/// with like.
/// </remarks>
internal static class RegisteredRingFdComparison
{
    // About 10 ms per measurement at either batch size on this machine: short enough that both rings of a round see
    // the same neighbours, long enough to swamp the timer.
    private static int OpsPerRound(int batch) => batch == 1 ? 5_000 : 64_000;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 31;
        using Ring plain = Started(registered: false);
        using Ring registered = Started(registered: true);
        if (registered.IsRingFdRegistered == plain.IsRingFdRegistered)
        {
            throw new InvalidOperationException("The two rings do not differ in their registered fd.");
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load {LoadAverage()}");
        Console.WriteLine($"{rounds} interleaved rounds (5,000 NOPs at batch 1, 64,000 at batch 32, per ring and round); ns per NOP");
        Console.WriteLine();
        Console.WriteLine("| Case | Batch | fd: median | fd: best | registered: median | registered: best | registered / fd (medians) | median of per-round ratios |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, bool blocking) in new[] { ("prep + Wait (one blocking enter)", true), ("prep + Submit + Reap", false) })
        {
            foreach (int batch in new[] { 1, 32 })
            {
                double[] plainNs = new double[rounds];
                double[] registeredNs = new double[rounds];
                int ops = OpsPerRound(batch);
                Measure(plain, batch, blocking, ops);
                Measure(registered, batch, blocking, ops);
                for (int round = 0; round < rounds; round++)
                {
                    if ((round & 1) == 0)
                    {
                        plainNs[round] = Measure(plain, batch, blocking, ops);
                        registeredNs[round] = Measure(registered, batch, blocking, ops);
                    }
                    else
                    {
                        registeredNs[round] = Measure(registered, batch, blocking, ops);
                        plainNs[round] = Measure(plain, batch, blocking, ops);
                    }
                }

                double plainMedian = Median(plainNs);
                double registeredMedian = Median(registeredNs);
                double pairedRatio = Median(registeredNs.Zip(plainNs, (r, p) => r / p).ToArray());
                Console.WriteLine(
                    $"| {name} | {batch} | {plainMedian:F1} | {plainNs.Min():F1} | {registeredMedian:F1} | {registeredNs.Min():F1} | {registeredMedian / plainMedian:F3} | {pairedRatio:F3} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Load after: {LoadAverage()}");
    }

    private static Ring Started(bool registered)
    {
        Ring ring = new(new RingOptions { Entries = 64, NotifySucceed = true, RegisteredRingFd = registered });
        ring.Start();
        return ring;
    }

    /// <summary>Runs <paramref name="ops"/> NOPs in batches of <paramref name="batch"/>; returns ns per NOP.</summary>
    private static double Measure(Ring ring, int batch, bool blocking, int ops)
    {
        Span<CqeView> completions = stackalloc CqeView[64];
        long start = Stopwatch.GetTimestamp();
        for (int done = 0; done < ops; done += batch)
        {
            for (int i = 0; i < batch; i++)
            {
                ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
            }

            int reaped = 0;
            if (blocking)
            {
                while (reaped < batch)
                {
                    reaped += ring.Wait(completions, batch - reaped, TimeSpan.FromSeconds(1));
                }
            }
            else
            {
                ring.Submit();
                while (reaped < batch)
                {
                    reaped += ring.Reap(completions);
                }
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / ops;
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (System.IO.IOException)
        {
            return "?";
        }
    }
}
