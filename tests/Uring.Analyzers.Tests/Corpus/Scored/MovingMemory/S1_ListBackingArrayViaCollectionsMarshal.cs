using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Uring;

public sealed class Batch
{
    private readonly List<byte> _pending = new();

    public void Flush(Ring ring, int fd)
    {
        byte[] copy = new byte[_pending.Count];
        CollectionsMarshal.AsSpan(_pending).CopyTo(copy);
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, copy.AsSpan(), -1); // expect URING0001
        _pending.Clear();
    }
}
