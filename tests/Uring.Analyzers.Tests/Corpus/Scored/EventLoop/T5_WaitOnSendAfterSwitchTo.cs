using System;
using System.Threading.Tasks;
using Uring;

public sealed class Notifier
{
    public async Task NotifyAsync(EventLoop loop, LoopConnection connection, byte[] message)
    {
        await loop.SwitchTo();
        connection.SendAsync(message).AsTask().Wait(); // expect URING0012
    }
}
