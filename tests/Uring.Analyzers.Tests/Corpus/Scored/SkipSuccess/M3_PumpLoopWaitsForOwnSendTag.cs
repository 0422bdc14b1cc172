using System;
using System.Threading;
using Uring;

public sealed class RequestReply
{
    private const ulong RequestTag = 1000;
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });
    private readonly CqeView[] _cqes = new CqeView[16];
    private readonly Action<CqeView> _onOther;

    public RequestReply(Action<CqeView> onOther)
    {
        _ring.Start();
        _onOther = onOther;
    }

    public int SendRequest(int socket, byte[] pinnedRequest)
    {
        _ring.TryPrepareSend(SqeContext.FromValue(RequestTag), socket, pinnedRequest.AsSpan());
        _ring.Submit();
        while (true)
        {
            int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0008
            for (int i = 0; i < n; i++)
            {
                CqeView cqe = _cqes[i];
                if (cqe.Context.Value == RequestTag)
                {
                    return cqe.Result;
                }

                _onOther(cqe);
            }
        }
    }
}
