using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Producer
{
    private readonly BlockingCollection<int> _work = new();

    public void Start(Ring ringOwnedByCaller)
    {
        ThreadPool.QueueUserWorkItem(static work =>
        {
            for (int i = 0; i < 10; i++)
            {
                work.Add(i);
            }

            work.CompleteAdding();
        }, _work, preferLocal: false);

        foreach (int item in _work.GetConsumingEnumerable())
        {
            ringOwnedByCaller.TryPrepareNop(SqeContext.FromValue((ulong)item));
        }

        ringOwnedByCaller.Submit();
    }
}
