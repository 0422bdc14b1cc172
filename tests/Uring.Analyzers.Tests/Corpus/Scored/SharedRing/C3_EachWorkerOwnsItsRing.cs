using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class WorkerPool
{
    public void Run(IReadOnlyList<int> files, int workers)
    {
        var threads = new List<Thread>();
        for (int w = 0; w < workers; w++)
        {
            int first = w;
            var thread = new Thread(() =>
            {
                using var ring = new Ring(new RingOptions { Entries = 32 });
                ring.Start();
                var cqes = new CqeView[32];
                for (int i = first; i < files.Count; i += workers)
                {
                    ring.TryPrepareFsync(SqeContext.FromValue((ulong)i), files[i]);
                    ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
                }
            });
            thread.Start();
            threads.Add(thread);
        }

        Parallel.ForEach(files, fd => Console.WriteLine(fd));
        threads.ForEach(t => t.Join());
    }
}
