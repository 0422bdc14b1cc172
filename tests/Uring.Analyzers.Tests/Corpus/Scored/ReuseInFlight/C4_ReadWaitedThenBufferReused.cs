using System;
using System.Threading;
using Uring;

public sealed class HeaderSniffer
{
    private readonly byte[] _probe = GC.AllocateArray<byte>(64, pinned: true);
    private readonly CqeView[] _one = new CqeView[1];

    public bool LooksLikeElf(Ring ring, int fd)
    {
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, _probe.AsSpan(), 0);
        ring.Submit();
        ring.Wait(_one, 1, Timeout.InfiniteTimeSpan);
        bool elf = _one[0].Result >= 4 && _probe[0] == 0x7F && _probe[1] == (byte)'E';
        _probe.AsSpan().Clear();
        ring.TryPrepareRead(SqeContext.FromValue(2), fd, _probe.AsSpan(), 64);
        ring.Submit();
        ring.Wait(_one, 1, Timeout.InfiniteTimeSpan);
        return elf;
    }
}
