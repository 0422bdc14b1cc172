using System;
using System.Text;
using Uring;

public static class PriceTicker
{
    public static void Publish(Ring ring, int socket, NativeBuffer scratch, string[] prices)
    {
        Span<CqeView> done = stackalloc CqeView[4];
        foreach (string price in prices)
        {
            int length = Encoding.ASCII.GetBytes(price, scratch.Span);
            if (!ring.TryPrepareSendZc(SqeContext.FromValue(1), socket, scratch.Memory[..length]))
            {
                ring.Submit();
                continue;
            }

            ring.Submit();
            bool released = false;
            while (!released)
            {
                int n = ring.Wait(done, 1, System.Threading.Timeout.InfiniteTimeSpan);
                for (int i = 0; i < n; i++)
                {
                    released |= done[i].IsNotification || (!done[i].HasMore && done[i].Result < 0);
                }
            }
        }
    }
}
