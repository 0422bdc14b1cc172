using System;
using Uring;

public static class FileSizes
{
    private const int CurrentDirectory = -100;

    public static long Size(Ring ring, string path)
    {
        Span<Statx> info = stackalloc Statx[1];
        var completions = new CqeView[1];
        if (!ring.TryPrepareStatx(SqeContext.FromValue(77), CurrentDirectory, path, info))
        {
            throw new InvalidOperationException("submission queue full");
        }

        int reaped;
        do
        {
            reaped = ring.Wait(completions, 1, TimeSpan.FromMilliseconds(200));
        }
        while (reaped == 0);

        return completions[0].Result == 0 ? (long)info[0].Size : -1;
    }
}
