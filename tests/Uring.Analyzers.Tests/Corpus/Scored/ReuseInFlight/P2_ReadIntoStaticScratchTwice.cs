using System;
using Uring;

public static class Scratch
{
    private static readonly byte[] s_scratch = GC.AllocateArray<byte>(4096, pinned: true);

    public static void ReadBoth(Ring ring, int first, int second)
    {
        ring.TryPrepareRead(SqeContext.FromValue(1), first, s_scratch.AsSpan(), 0);
        ring.TryPrepareRead(SqeContext.FromValue(2), second, s_scratch.AsSpan(), 0); // expect URING0003
        ring.Submit();
    }
}
