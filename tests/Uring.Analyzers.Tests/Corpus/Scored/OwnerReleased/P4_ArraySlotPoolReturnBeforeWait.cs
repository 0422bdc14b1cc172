using System;
using System.Threading;
using Uring;

public sealed class SlotPool
{
    private readonly byte[]?[] _slots = new byte[]?[16];
    private int _count;

    public byte[] Get()
    {
        if (_count == 0)
        {
            return GC.AllocateArray<byte>(4096, pinned: true);
        }

        byte[] item = _slots[--_count]!;
        _slots[_count] = null;
        return item;
    }

    public void Put(byte[] item)
    {
        if (_count < _slots.Length)
        {
            _slots[_count++] = item;
        }
    }
}

public sealed class Client
{
    private readonly SlotPool _pool = new();
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Receive(Ring ring, int socket)
    {
        byte[] buffer = _pool.Get();
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, buffer.AsSpan());
        ring.Submit();
        _pool.Put(buffer); // expect URING0002
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
