using System;
using System.Threading;
using Uring;

public sealed class RingStats : IDisposable
{
    private readonly Ring _ring;
    private readonly Timer _report;

    public RingStats(Ring ring)
    {
        _ring = ring;
        _report = new Timer(Report, null, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    private void Report(object? state)
    {
        RingFeatures features = _ring.Features;
        Console.WriteLine($"sq={features.SqEntries} cq={features.CqEntries} started={_ring.IsStarted} stopped={_ring.IsStopped}");
    }

    public void Dispose() => _report.Dispose();
}
