using System;
using System.Text;
using System.Threading;
using Uring;

public sealed class StatusReporter
{
    private const ulong SendTag = 77;

    private readonly Ring _ring;
    private readonly byte[] _line = GC.AllocateArray<byte>(256, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[16];

    public StatusReporter()
    {
        _ring = new Ring(new RingOptions { NotifySucceed = true, Entries = 16 });
        _ring.Start();
    }

    public int Report(int socket, string[] statuses)
    {
        int delivered = 0;
        foreach (string status in statuses)
        {
            int length = Encoding.ASCII.GetBytes(status, _line);
            if (!_ring.TryPrepareSend(SqeContext.FromValue(SendTag), socket, _line.AsSpan(0, length)))
            {
                continue;
            }

            while (true)
            {
                int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
                bool mine = false;
                for (int i = 0; i < n; i++)
                {
                    if (_cqes[i].Context.Value == SendTag)
                    {
                        mine = true;
                        if (_cqes[i].IsSuccess)
                        {
                            delivered++;
                        }

                        break;
                    }
                }

                if (mine)
                {
                    break;
                }
            }
        }

        return delivered;
    }
}
