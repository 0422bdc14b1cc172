using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Uring.Bench.NopLoop;

/// <summary>
/// MODE <c>parts</c>: where the time of one cycle goes. Each cycle is timed in three parts, prep alone, the submit
/// (<see cref="Ring.Submit"/>, one non-blocking enter in which the NOPs also complete) and the reap, with one clock
/// reading between them; at batch 256 the readings cost well under 1 ns per NOP. nop_loop.c's <c>parts</c> does the
/// same with liburing (<c>io_uring_submit</c>, then <c>io_uring_peek_batch_cqe</c> and <c>io_uring_cq_advance</c>).
/// </summary>
internal static class Parts
{
    public static void Run(Ring ring, int batch, long cycles, int samples, CqeView[] completions)
    {
        double[] prep = new double[samples], submit = new double[samples], reap = new double[samples];
        for (int s = -1; s < samples; s++)
        {
            long tPrep = 0, tSubmit = 0, tReap = 0;
            for (long c = 0; c < cycles; c++)
            {
                long t0 = Stopwatch.GetTimestamp();
                Prep(ring, batch);
                long t1 = Stopwatch.GetTimestamp();
                ring.Submit();
                long t2 = Stopwatch.GetTimestamp();
                int reaped = 0;
                while (reaped < batch)
                {
                    reaped += ring.Reap(completions);
                }

                long t3 = Stopwatch.GetTimestamp();
                tPrep += t1 - t0;
                tSubmit += t2 - t1;
                tReap += t3 - t2;
            }

            // Round -1 is the warm-up.
            if (s >= 0)
            {
                double perOp = 1e9 / Stopwatch.Frequency / (cycles * batch);
                prep[s] = tPrep * perOp;
                submit[s] = tSubmit * perOp;
                reap[s] = tReap * perOp;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet-parts {batch} prep {Median(prep):F2} submit {Median(submit):F2} reap {Median(reap):F2}"));
    }

    // A method of its own, called once per cycle, so it is compiled like Program.Cycle (tiered up, prep inlined into it)
    // rather than as on-stack replacement code of the long-running loop above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Prep(Ring ring, int batch)
    {
        for (int i = 0; i < batch; i++)
        {
            ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
