using System;
using System.Text;
using Uring;

public sealed class SafeWriter
{
    private readonly byte[] _pinned = GC.AllocateUninitializedArray<byte>(4096, pinned: true);

    public void Write(Ring ring, int fd, string text)
    {
        int n = Encoding.UTF8.GetBytes(text, _pinned);
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _pinned.AsSpan(0, n), 0);
        byte[] temp = Encoding.UTF8.GetBytes(text);
        ring.TryPrepareWrite(SqeContext.FromValue(2), fd, temp.AsMemory(), n);
        ring.TryPrepareWrite(SqeContext.FromValue(3), fd, new byte[16].AsMemory(), 2 * n);
        ring.Submit();
    }
}
