using System;
using System.Collections.Concurrent;
using Uring;

public sealed class BufferBank
{
    private readonly ConcurrentQueue<byte[]> _available = new();

    public byte[] Withdraw() => _available.TryDequeue(out byte[]? b) ? b : GC.AllocateArray<byte>(4096, pinned: true);

    public void Deposit(byte[] buffer) => _available.Enqueue(buffer);
}

public sealed class TimedRead
{
    private readonly BufferBank _bank = new();
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd, TimeSpan timeout)
    {
        byte[] buffer = _bank.Withdraw();
        try
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsSpan(), 0);
            if (ring.Wait(_cqes, 1, timeout) == 0)
            {
                return -1;
            }

            return _cqes[0].Result;
        }
        finally
        {
            _bank.Deposit(buffer); // expect URING0002
        }
    }
}
