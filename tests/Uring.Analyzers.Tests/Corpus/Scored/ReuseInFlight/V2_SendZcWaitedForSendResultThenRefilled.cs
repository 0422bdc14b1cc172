using System;
using System.Text;
using Uring;

public static class QuoteFeed
{
    public static void Publish(Ring ring, int socket, NativeBuffer scratch, string[] quotes)
    {
        Span<CqeView> done = stackalloc CqeView[4];
        Span<byte> payload = scratch.Span;
        foreach (string quote in quotes)
        {
            int length = Encoding.ASCII.GetBytes(quote, payload); // expect URING0003
            if (!ring.TryPrepareSendZc(SqeContext.FromValue(1), socket, payload[..length]))
            {
                ring.Submit();
                continue;
            }

            ring.Submit();
            int n = ring.Wait(done, 1, TimeSpan.FromSeconds(1));
            if (n > 0 && done[0].Result < 0)
            {
                Console.Error.WriteLine($"send failed: {done[0].Error}");
            }
        }
    }
}
