using System;
using System.Text;
using System.Threading;
using Uring;

public sealed class Heartbeat : IDisposable
{
    private const ulong SendTag = 9;

    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true, Entries = 16 });
    private readonly NativeBuffer _frame = new(4096);
    private readonly CqeView[] _cqes = new CqeView[8];

    public Heartbeat() => _ring.Start();

    public bool Beat(int socket, long sequence)
    {
        int length = Encoding.ASCII.GetBytes($"beat {sequence}\n", _frame.Span);
        if (!_ring.TryPrepareSendZc(SqeContext.FromValue(SendTag), socket, _frame.Span[..length]))
        {
            return false;
        }

        bool sent = false;
        bool released = false;
        int sendResult = 0;
        while (!released)
        {
            int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            for (int i = 0; i < n; i++)
            {
                CqeView cqe = _cqes[i];
                if (cqe.Context.Value != SendTag)
                {
                    continue;
                }

                if (cqe.IsNotification)
                {
                    released = true;
                }
                else
                {
                    sent = true;
                    sendResult = cqe.Result;
                    if (!cqe.HasMore)
                    {
                        released = true;
                    }
                }
            }
        }

        _frame.Span[..length].Clear();
        return sent && sendResult == length;
    }

    public void Dispose()
    {
        _ring.Dispose();
        _frame.Dispose();
    }
}
