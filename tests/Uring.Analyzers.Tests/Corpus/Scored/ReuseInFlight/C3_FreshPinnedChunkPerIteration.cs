using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Uring;

public sealed class Journal
{
    private readonly CqeView[] _cqes = new CqeView[64];

    public void Flush(Ring ring, int fd, IEnumerable<string> entries)
    {
        long offset = 0;
        int queued = 0;
        foreach (string entry in entries)
        {
            byte[] chunk = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetMaxByteCount(entry.Length), pinned: true);
            int n = Encoding.UTF8.GetBytes(entry, chunk);
            ring.TryPrepareWrite(SqeContext.FromValue((ulong)queued++), fd, chunk.AsMemory(0, n), offset);
            offset += n;
        }

        ring.Submit();
    }
}
