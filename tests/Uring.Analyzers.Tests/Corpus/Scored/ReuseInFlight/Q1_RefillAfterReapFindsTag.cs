using System;
using Uring;

public sealed class Ticker
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true });
    private readonly byte[] _tick = GC.AllocateArray<byte>(8, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[16];
    private bool _inFlight;

    public Ticker() => _ring.Start();

    public void Pump(int socket, long now)
    {
        int n = _ring.Reap(_cqes);
        for (int i = 0; i < n; i++)
        {
            if (_cqes[i].Context.Value == 1)
            {
                _inFlight = false;
            }
        }

        if (_inFlight)
        {
            return;
        }

        BitConverter.TryWriteBytes(_tick, now);
        _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _tick.AsSpan());
        _ring.Submit();
        _inFlight = true;
    }
}
