using System;
using Uring;

public sealed class Grab
{
    private readonly CqeView[] _cqes = new CqeView[4];

    public int Grab1(Ring ring, int socket)
    {
        var native = new NativeBuffer(2048);
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, native.Span);
        ring.Submit();
        native.Dispose(); // expect URING0002
        int n = 0;
        while (n == 0)
        {
            n = ring.Reap(_cqes);
        }

        return _cqes[0].Result;
    }
}
