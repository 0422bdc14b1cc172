using System;
using System.Collections.Concurrent;
using System.Threading;
using Uring;

public sealed class Bank
{
    private readonly ConcurrentQueue<byte[]> _available = new();

    public byte[] Withdraw() => _available.TryDequeue(out byte[]? b) ? b : GC.AllocateArray<byte>(4096, pinned: true);

    public void Deposit(byte[] buffer) => _available.Enqueue(buffer);
}

public sealed class PatientRead
{
    private readonly Bank _bank = new();
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd)
    {
        byte[] buffer = _bank.Withdraw();
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsSpan(), 0);
        ring.Submit();
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        int result = _cqes[0].Result;
        _bank.Deposit(buffer);
        return result;
    }
}
