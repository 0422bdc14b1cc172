using System;
using System.Threading;
using Uring;

public static class Housekeeper
{
    public static Ring? Ring { get; set; }

    private static readonly CqeView[] s_batch = new CqeView[32];
    private static Timer? s_timer;

    public static void Begin() => s_timer = new Timer(Sweep, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));

    private static void Sweep(object? state)
    {
        Ring? ring = Ring;
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
