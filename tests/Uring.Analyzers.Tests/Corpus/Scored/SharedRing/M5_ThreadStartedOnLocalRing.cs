using System;
using System.Threading;
using Uring;

public static class Program
{
    public static void Main(string[] args)
    {
        using var ring = new Ring();
        ring.Start();
        int fd = int.Parse(args[0]);
        var flusher = new Thread(() =>
        {
            while (true)
            {
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0009
                ring.Submit(); // expect URING0009
                Thread.Sleep(1000);
            }
        });
        flusher.IsBackground = true;
        flusher.Start();
        Console.ReadLine();
    }
}
