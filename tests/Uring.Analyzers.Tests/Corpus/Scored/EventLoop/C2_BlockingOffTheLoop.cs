using System;
using System.Threading.Tasks;
using Uring;

public static class Program
{
    public static void Main()
    {
        using var loop = new EventLoop();
        int result = loop.RunAsync(async () =>
        {
            await loop.DelayAsync(TimeSpan.FromMilliseconds(5));
            return 42;
        }).Result;
        loop.NopAsync().AsTask().Wait();
        Console.WriteLine(result);
    }
}
