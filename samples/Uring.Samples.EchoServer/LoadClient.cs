using System;
using System.Diagnostics;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>
/// The in-process client: <see cref="Connections"/> connections on the same ring, each sending a request,
/// waiting for its echo and checking it, until <see cref="Requests"/> requests were answered. It also takes
/// the measurements: allocation and time over the steady state (after the warm-up requests).
/// </summary>
public sealed class LoadClient
{
    private readonly int _warmup;
    private long _sequence;
    private long _allocatedAtWarmup;
    private long _startedAtWarmup;

    public LoadClient(int port, int connections, int requests, int size, int warmup)
    {
        Port = port;
        Connections = connections;
        Requests = requests;
        MessageSize = size;
        _warmup = warmup;
    }

    public int Port { get; }

    public int Connections { get; }

    public int Requests { get; }

    public int MessageSize { get; }

    public int Completed { get; private set; }

    public int Mismatches { get; private set; }

    public int ConnectionsDone { get; private set; }

    public bool Finished => ConnectionsDone == Connections;

    public string? Failure { get; private set; }

    /// <summary>Requests in the measured steady state.</summary>
    public int MeasuredRequests => Requests - _warmup;

    /// <summary>Bytes this thread allocated during the steady state.</summary>
    public long MeasuredBytes { get; private set; }

    public TimeSpan MeasuredTime { get; private set; }

    /// <summary>Opens every connection: a socket op each, with a typed context that follows the connection to its end.</summary>
    public void Start(Ring ring)
    {
        for (int i = 0; i < Connections; i++)
        {
            int quota = Requests / Connections + (i < Requests % Connections ? 1 : 0);
            ClientOp client = new()
            {
                Handler = ClientOp.Handlers.OnClientSocket,
                Client = this,
                Request = NewMessage(),
                Reply = GC.AllocateArray<byte>(MessageSize, pinned: true),
                Remaining = quota,
            };
            if (quota == 0)
            {
                ConnectionsDone++;
                continue;
            }

            if (!ring.PrepareTcp4Socket(in client))
            {
                throw new InvalidOperationException("No context or no room for a client socket.");
            }
        }
    }

    public long NextSequence() => ++_sequence;

    /// <summary>One request was answered; the warm-up ends and the measurement stops here.</summary>
    public void Replied(bool matches)
    {
        if (!matches)
        {
            Mismatches++;
        }

        Completed++;
        if (Completed == _warmup)
        {
            _allocatedAtWarmup = GC.GetAllocatedBytesForCurrentThread();
            _startedAtWarmup = Stopwatch.GetTimestamp();
        }
        else if (Completed == Requests)
        {
            MeasuredTime = Stopwatch.GetElapsedTime(_startedAtWarmup);
            MeasuredBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarmup;
        }
    }

    public void ConnectionDone() => ConnectionsDone++;

    /// <summary>Turns a failed completion into an exception that ends the run.</summary>
    public void Check(in CqeView cqe, string what)
    {
        if (cqe.Result < 0)
        {
            Fail($"{what} failed: {cqe.Error}");
        }
    }

    public void Fail(string why)
    {
        Failure ??= why;
        throw new InvalidOperationException("client: " + why);
    }

    private byte[] NewMessage()
    {
        byte[] message = GC.AllocateArray<byte>(MessageSize, pinned: true);
        for (int i = 0; i < message.Length; i++)
        {
            message[i] = (byte)('a' + (i % 26));
        }

        return message;
    }
}
