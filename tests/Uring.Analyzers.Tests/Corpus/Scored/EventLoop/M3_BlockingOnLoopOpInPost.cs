using System;
using Uring;

public sealed class Greeter
{
    public void Greet(EventLoop loop, LoopConnection connection, byte[] greeting)
    {
        loop.Post(() =>
        {
            connection.SendAsync(greeting).AsTask().Wait(); // expect URING0012
        });
    }
}
