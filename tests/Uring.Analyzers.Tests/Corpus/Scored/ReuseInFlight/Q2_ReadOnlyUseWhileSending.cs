using System;
using Uring;

public sealed class Mirror
{
    private readonly byte[] _payload = GC.AllocateArray<byte>(4096, pinned: true);

    public int SendAndCount(Ring ring, int socket, int length)
    {
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, _payload.AsSpan(0, length));
        ring.Submit();
        int ones = 0;
        foreach (byte b in _payload.AsSpan(0, length))
        {
            ones += b == 1 ? 1 : 0;
        }

        byte[] copy = new byte[length];
        _payload.AsSpan(0, length).CopyTo(copy);
        return ones + copy.Length;
    }
}
