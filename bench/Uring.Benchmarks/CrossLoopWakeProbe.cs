using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Uring.Benchmarks;

/// <summary>
/// <c>cross-loop-wake [hops] [rounds]</c>: one item posted back and forth between two event loops (a <c>Post</c> from
/// loop A's thread to loop B, which has gone to sleep, and back), woken by an <c>IORING_OP_MSG_RING</c> message from the
/// poster's ring (the default) or by a write to the target's eventfd (what a thread that is no loop uses). Prints wall
/// time and process CPU time (utime + stime) per hop, the median of interleaved rounds: CPU time is what a busy, shared
/// machine disturbs least (BenchmarkDotNet's wall-clock iterations there vary as much as they measure).
/// </summary>
internal static class CrossLoopWakeProbe
{
    public static void Run(string[] args)
    {
        int hops = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;
        using EventLoop a = new(new EventLoopOptions { Entries = 64 });
        using EventLoop b = new(new EventLoopOptions { Entries = 64 });
        (double Wall, double Cpu)[][] runs = [new (double, double)[rounds], new (double, double)[rounds]];
        _ = Measure(a, b, byMessage: true, hops / 5);
        _ = Measure(a, b, byMessage: false, hops / 5);
        for (int round = 0; round < rounds; round++)
        {
            runs[0][round] = Measure(a, b, byMessage: true, hops);
            runs[1][round] = Measure(a, b, byMessage: false, hops);
        }

        EventLoop.WakeMessagesEnabled = true;
        Console.WriteLine($"{hops:N0} hops per round, median of {rounds} interleaved rounds; {Environment.ProcessorCount} cores, load average {System.IO.File.ReadAllText("/proc/loadavg").Trim()}");
        Print("MSG_RING", runs[0]);
        Print("eventfd ", runs[1]);
        EventLoopStatistics sa = a.GetStatistics();
        EventLoopStatistics sb = b.GetStatistics();
        Console.WriteLine($"wake-ups by message: {sa.WakeUpsByMessage + sb.WakeUpsByMessage:N0}, by eventfd: {sa.WakeUpsByEventFd + sb.WakeUpsByEventFd:N0}");
    }

    private static (double Wall, double Cpu) Measure(EventLoop a, EventLoop b, bool byMessage, int hops)
    {
        EventLoop.WakeMessagesEnabled = byMessage;
        Ball ball = new(a, b, hops);
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        a.Post(Ball.OnA, ball);
        ball.Done.Task.Wait();
        double wall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / hops;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalMicroseconds / hops;
        return (wall, cpu);
    }

    private static void Print(string name, (double Wall, double Cpu)[] runs)
    {
        double[] wall = Array.ConvertAll(runs, r => r.Wall);
        double[] cpu = Array.ConvertAll(runs, r => r.Cpu);
        Array.Sort(wall);
        Array.Sort(cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: wall {wall[wall.Length / 2]:F2} µs/hop (min {wall[0]:F2}, max {wall[^1]:F2}); process CPU {cpu[cpu.Length / 2]:F2} µs/hop (min {cpu[0]:F2}, max {cpu[^1]:F2})"));
    }

    private sealed class Ball(EventLoop a, EventLoop b, int hops)
    {
        public static readonly Action<object?> OnA = static state => ((Ball)state!).Hit(onA: true);
        public static readonly Action<object?> OnB = static state => ((Ball)state!).Hit(onA: false);

        private int _left = hops;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Hit(bool onA)
        {
            if (--_left <= 0)
            {
                Done.SetResult();
                return;
            }

            if (onA)
            {
                b.Post(OnB, this);
            }
            else
            {
                a.Post(OnA, this);
            }
        }
    }
}
