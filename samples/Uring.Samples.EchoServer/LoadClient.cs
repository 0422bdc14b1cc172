using System;
using System.Diagnostics;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>
/// The in-process client: <see cref="Connections"/> connections on the same ring, each sending a request,
/// waiting for its echo and checking it, until <see cref="Requests"/> requests were answered (or, with a
/// duration, until the time is up). It also takes the measurements: allocation and time over the steady
/// state (after the warm-up requests), bytes moved, and in verify mode every echoed byte against the
/// checksummed request (<see cref="Payload"/>).
/// </summary>
public sealed class LoadClient
{
    private readonly int _warmup;
    private readonly long _deadline;
    private long _sequence;
    private long _allocatedAtWarmup;
    private long _startedAtWarmup;

    /// <param name="requests">Requests to make in all; ignored when <paramref name="duration"/> is set.</param>
    /// <param name="duration">Run for this long instead of a request count (each connection ends after its current request).</param>
    public LoadClient(int port, int connections, int requests, int size, int warmup, TimeSpan? duration = null, bool verify = false)
    {
        Port = port;
        Connections = connections;
        Requests = duration is null ? requests : int.MaxValue;
        MessageSize = size;
        Verify = verify;
        _warmup = warmup;
        _deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    public int Port { get; }

    public int Connections { get; }

    /// <summary>The request count to reach (int.MaxValue in duration mode).</summary>
    public int Requests { get; }

    public int MessageSize { get; }

    /// <summary>True: payloads are checksummed and every echo is checked byte by byte (<see cref="Payload"/>).</summary>
    public bool Verify { get; }

    public int Completed { get; private set; }

    public int Mismatches { get; private set; }

    public int ConnectionsDone { get; private set; }

    public bool Finished => ConnectionsDone == Connections;

    public string? Failure { get; private set; }

    /// <summary>Request bytes the client sent plus echo bytes it received.</summary>
    public long BytesMoved { get; private set; }

    /// <summary>Requests in the measured steady state.</summary>
    public int MeasuredRequests { get; private set; }

    /// <summary>Bytes this thread allocated during the steady state.</summary>
    public long MeasuredBytes { get; private set; }

    public TimeSpan MeasuredTime { get; private set; }

    /// <summary>True once a duration was given and it has passed: connections finish their request and close.</summary>
    public bool TimeIsUp => Stopwatch.GetTimestamp() >= _deadline;

    /// <summary>Opens every connection: a socket op each, with a typed context that follows the connection to its end.</summary>
    public void Start(Ring ring)
    {
        for (int i = 0; i < Connections; i++)
        {
            int quota = Requests == int.MaxValue ? int.MaxValue : Requests / Connections + (i < Requests % Connections ? 1 : 0);
            ClientOp client = new()
            {
                Handler = ClientOp.Handlers.OnClientSocket,
                Client = this,
                Request = NewMessage(),
                Reply = GC.AllocateArray<byte>(MessageSize, pinned: true),
                Remaining = quota,
                Index = i,
            };
            if (quota == 0)
            {
                ConnectionsDone++;
                continue;
            }

            if (!ring.TryPrepareSocket(in client, SocketSpec.Tcp4))
            {
                throw new InvalidOperationException("No context or no room for a client socket.");
            }
        }
    }

    /// <summary>Writes the next request of connection <paramref name="connection"/> into <paramref name="request"/>.</summary>
    public void FillRequest(byte[] request, int connection)
    {
        long sequence = ++_sequence;
        if (Verify)
        {
            Payload.Fill(request, sequence, connection);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(request, sequence);
        }
    }

    /// <summary>Checks a complete echo against its request.</summary>
    public bool Matches(ReadOnlySpan<byte> reply, ReadOnlySpan<byte> request, int connection)
        => Verify
            ? Payload.Verify(reply, request, System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(request), connection)
            : reply.SequenceEqual(request);

    public void Moved(int bytes) => BytesMoved += bytes;

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
            StopMeasuring();
        }
    }

    public void ConnectionDone()
    {
        ConnectionsDone++;
        if (Finished && Requests == int.MaxValue && Completed > _warmup)
        {
            StopMeasuring();
        }
    }

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

    private void StopMeasuring()
    {
        MeasuredRequests = Completed - _warmup;
        MeasuredTime = Stopwatch.GetElapsedTime(_startedAtWarmup);
        MeasuredBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarmup;
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
