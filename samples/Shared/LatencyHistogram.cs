using System;
using System.Diagnostics;
using System.Numerics;

namespace Uring.Samples.Shared;

/// <summary>
/// Latencies in nanoseconds, log-linear buckets (exact below 128 ns, then 64 buckets per power of two: under 1.6% error),
/// from 0 to about 18 minutes. Recording is one array increment, no allocation; one histogram per thread, merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;        // 64 per power of two
    private const int ExactLimit = 2 * SubBuckets;             // 0..127 ns exactly
    private const int MaxExponent = 40;                        // 2^40 ns ~ 18 min

    private readonly long[] _counts = new long[ExactLimit + (MaxExponent - SubBucketBits) * SubBuckets];

    public long Count { get; private set; }

    public long MaxNanoseconds { get; private set; }

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void RecordTicks(long ticks) => Record(ticks <= 0 ? 0 : (long)(ticks * (1e9 / Stopwatch.Frequency)));

    public void Record(long nanoseconds)
    {
        _counts[IndexOf(nanoseconds)]++;
        Count++;
        MaxNanoseconds = Math.Max(MaxNanoseconds, nanoseconds);
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The latency below which <paramref name="percentile"/> percent of the recorded ones fall (a bucket's middle).</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(Count * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long width) = BucketOf(i);
                return Math.Min(low + (width / 2.0), MaxNanoseconds) / 1000.0;
            }
        }

        return MaxNanoseconds / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        // value >> shift keeps the top 7 bits (64..127): 64 buckets for each power of two from 128 up.
        int shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)value), MaxExponent - 1) - SubBucketBits;
        long top = Math.Min(value >> shift, ExactLimit - 1);
        return ExactLimit + ((shift - 1) * SubBuckets) + (int)(top - SubBuckets);
    }

    private static (long Low, long Width) BucketOf(int index)
    {
        if (index < ExactLimit)
        {
            return (index, 1);
        }

        int shift = ((index - ExactLimit) / SubBuckets) + 1;
        long top = SubBuckets + ((index - ExactLimit) % SubBuckets);
        return (top << shift, 1L << shift);
    }
}
