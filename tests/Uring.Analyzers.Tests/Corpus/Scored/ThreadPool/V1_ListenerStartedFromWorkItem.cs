using System;
using System.Threading;
using Uring;

public sealed class Gateway : IListenerHandler
{
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });

    public void Run(SockAddr address)
    {
        _ring.Start();
        ThreadPool.QueueUserWorkItem(state => Listener.TryStart(_ring, address, this, out _)); // expect URING0009
    }

    public bool OnSocketCreated(Listener listener, int fd) => true;

    public void OnListening(Listener listener) => Console.WriteLine($"listening on {listener.Fd}");

    public void OnFailed(Listener listener, ListenerState step, Errno error) => Console.Error.WriteLine($"{step}: {error}");
}
