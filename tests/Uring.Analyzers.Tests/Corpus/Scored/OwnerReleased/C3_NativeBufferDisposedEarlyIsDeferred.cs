using System;
using Uring;

public sealed class FireAndForgetRead
{
    public void Start(Ring ring, int fd)
    {
        using var buffer = new NativeBuffer(8192);
        ring.TryPrepareRead(SqeContext.FromValue(5), fd, buffer.Memory, 0);
        ring.Submit();
    }
}
