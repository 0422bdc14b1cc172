using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class LogFlusher : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { Entries = 128, NotifySucceed = false });
    private readonly CqeView[] _cqes = new CqeView[128];

    public LogFlusher() => _ring.Start();

    public void Flush(int fd, IReadOnlyList<byte[]> pinnedLines)
    {
        foreach (byte[] line in pinnedLines)
        {
            _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, line.AsSpan(), -1);
        }

        int completed = 0;
        do
        {
            completed += _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0008
        }
        while (completed < pinnedLines.Count);
    }

    public void Dispose() => _ring.Dispose();
}
