using System;
using System.Threading.Tasks;
using Uring;

public sealed class Posted
{
    public void Begin(EventLoop loop, LoopConnection connection, byte[] hello)
    {
        loop.Post(async () =>
        {
            await connection.SendAsync(hello);
            int n = await connection.ReceiveAsync(hello.AsMemory());
            Console.WriteLine(n);
        });
    }
}
