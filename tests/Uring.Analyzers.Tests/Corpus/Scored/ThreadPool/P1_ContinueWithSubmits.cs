using System;
using System.Threading.Tasks;
using Uring;

public sealed class AfterUpload
{
    public Task Chain(Task upload, int fd)
    {
        var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        return upload.ContinueWith(_ => ring.Submit(), TaskScheduler.Default); // expect URING0009
    }
}
