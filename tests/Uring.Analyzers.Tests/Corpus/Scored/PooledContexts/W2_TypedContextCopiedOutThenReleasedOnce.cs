using System;
using Uring;

[UringContext]
public partial struct Ping
{
    public CompletionHandler Handler;
    public int Peer;
    public long SentTicks;
}

public static class PingHandlers
{
    public static int Lost;

    [UringHandler]
    public static void OnPong(Ring ring, in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        Ping ping = Ping.Load(ext);
        if (cqe.HasMore)
        {
            return;
        }

        Ping.Release(ring, ext);
        if (!cqe.IsSuccess)
        {
            Lost++;
            Console.Error.WriteLine($"ping to {ping.Peer} lost: {cqe.Error}");
            return;
        }

        Console.WriteLine($"pong from {ping.Peer} after {Environment.TickCount64 - ping.SentTicks} ms");
    }
}
