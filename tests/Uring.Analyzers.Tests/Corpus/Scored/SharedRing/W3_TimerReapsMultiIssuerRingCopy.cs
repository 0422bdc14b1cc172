using System;
using System.Threading;
using Uring;

public static class Janitor
{
    private static readonly Ring s_ring = new(new RingOptions { Entries = 128, MultiIssuers = true });
    private static readonly CqeView[] s_batch = new CqeView[32];
    private static Timer? s_timer;

    public static void Begin()
    {
        s_ring.Start();
        s_timer = new Timer(Sweep, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private static void Sweep(object? state)
    {
        Ring ring = s_ring;
        int n;
        lock (s_batch)
        {
            n = ring.Reap(s_batch);
        }

        if (n > 0)
        {
            Console.WriteLine($"swept {n} completions");
        }
    }
}
