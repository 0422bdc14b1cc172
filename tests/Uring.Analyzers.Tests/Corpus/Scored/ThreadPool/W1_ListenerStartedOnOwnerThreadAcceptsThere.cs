using System;
using System.Threading;
using Uring;

public sealed class Frontend : IListenerHandler, IMultishotHandler
{
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });
    private readonly CqeView[] _batch = new CqeView[64];
    private volatile bool _stopping;

    public void Run(SockAddr address)
    {
        _ring.Start();
        if (!Listener.TryStart(_ring, address, this, out _))
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(_ => { Thread.Sleep(TimeSpan.FromMinutes(1)); _stopping = true; });
        while (!_stopping)
        {
            int n = _ring.Wait(_batch, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                if (!Listener.TryHandle(_ring, in _batch[i]))
                {
                    MultishotSubscription.TryHandle(_ring, in _batch[i]);
                }
            }
        }
    }

    public bool OnSocketCreated(Listener listener, int fd) => true;

    public void OnListening(Listener listener) => MultishotSubscription.TryStartAccept(_ring, listener.Fd, this, out _);

    public void OnFailed(Listener listener, ListenerState step, Errno error) => Console.Error.WriteLine($"{step}: {error}");

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (completion.IsSuccess)
        {
            Console.WriteLine($"accepted fd {completion.Result}");
        }

        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
    {
    }
}
