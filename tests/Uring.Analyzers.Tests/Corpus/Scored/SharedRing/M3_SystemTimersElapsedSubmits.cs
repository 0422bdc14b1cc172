using System;
using System.Timers;
using Uring;

public sealed class Heartbeat : IDisposable
{
    private readonly Ring _ring;
    private readonly System.Timers.Timer _timer = new(TimeSpan.FromSeconds(5));
    private readonly int _socket;
    private readonly byte[] _ping = GC.AllocateArray<byte>(4, pinned: true);

    public Heartbeat(int socket)
    {
        _socket = socket;
        _ring = new Ring();
        _ring.Start();
        _timer.Elapsed += SendPing; // expect URING0009
        _timer.Start();
    }

    private void SendPing(object? sender, ElapsedEventArgs e)
    {
        _ring.TryPrepareSend(SqeContext.FromValue(42), _socket, _ping.AsSpan()); // expect URING0009
        _ring.Submit(); // expect URING0009
    }

    public void Dispose()
    {
        _timer.Dispose();
        _ring.Dispose();
    }
}
