using System;
using System.Threading.Tasks;
using Uring;

public static class Program
{
    public static int Main()
    {
        using EventLoop loop = new();
        byte[] buffer = new byte[128];
        int n = loop.RunAsync(async () => await loop.ReadAsync(0, buffer, -1)).GetAwaiter().GetResult();
        loop.NopAsync().AsTask().Wait();
        return n;
    }
}
