using System;
using System.Threading;
using Uring;

public static class Housekeeper
{
    private static readonly CqeView[] s_batch = new CqeView[32];
    private static Ring? s_ring;
    private static Timer? s_timer;

    public static void Begin()
    {
        s_ring = new Ring(new RingOptions { Entries = 256 }); // allow URING0011
        s_ring.Start();
        s_timer = new Timer(Sweep, null, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // expect URING0009
    }

    private static void Sweep(object? state)
    {
        Ring? ring = s_ring;
        if (ring is null)
        {
            return;
        }

        int n = ring.Reap(s_batch); // expect URING0009
        for (int i = 0; i < n; i++)
        {
            if (s_batch[i].Result < 0)
            {
                Console.Error.WriteLine(s_batch[i].Error);
            }
        }
    }
}
