using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Uring.Benchmarks;

/// <summary>
/// Ping-pong over <see cref="Pairs"/> connected loopback stream pairs: A sends <see cref="Payload"/> bytes,
/// B receives them all and echoes them back, A receives them all. One invocation = one round trip on every
/// pair. Side by side: System.Net.Sockets synchronous (4 system calls per round trip), its ValueTask async
/// path (all pairs in flight at once), and Uring with every pair's sends and receives of one direction
/// prepared together and submitted and reaped by one <c>Wait</c> (2 <c>io_uring_enter</c> per round trip,
/// whatever the number of pairs).
/// </summary>
[MemoryDiagnoser]
public class SocketRoundTripBenchmarks
{
    private LoopbackPairs _pairs = null!;

    // System.Net.Sockets rows: what a .NET user would pass (plain arrays).
    private byte[][] _sendA = null!;
    private byte[][] _receiveB = null!;
    private byte[][] _receiveA = null!;
    private ValueTask<int>[] _inFlight = null!;

    // Uring rows: native memory the GC never moves, Pairs × Payload bytes per role.
    private Ring _ring = null!;
    private CqeView[] _completions = null!;
    private unsafe byte* _ringSendA;
    private unsafe byte* _ringReceiveB;
    private unsafe byte* _ringReceiveA;

    [Params(Transport.Tcp, Transport.Unix)]
    public Transport Transport { get; set; }

    [Params(64, 4096)]
    public int Payload { get; set; }

    [Params(1, 16)]
    public int Pairs { get; set; }

    [GlobalSetup(Targets = [nameof(SocketSync), nameof(SocketAsync)])]
    public void SetupSockets()
    {
        _pairs = new LoopbackPairs(Transport, Pairs);
        _sendA = NewArrays();
        _receiveB = NewArrays();
        _receiveA = NewArrays();
        _inFlight = new ValueTask<int>[Pairs];
    }

    /// <summary>
    /// Runs on the thread that runs the iterations (BenchmarkDotNet's default toolchain does both on the
    /// benchmark process's main thread), so <see cref="Ring.Start"/> makes it the ring's single issuer; a
    /// call from any other thread would throw.
    /// </summary>
    [GlobalSetup(Target = nameof(UringOps))]
    public unsafe void SetupRing()
    {
        _pairs = new LoopbackPairs(Transport, Pairs);
        _ring = new Ring(new RingOptions { Entries = 64 });
        _ring.Start();
        _completions = new CqeView[64];
        nuint bytes = (nuint)(Pairs * Payload);
        _ringSendA = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        _ringReceiveB = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        _ringReceiveA = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        new Span<byte>(_ringSendA, (int)bytes).Fill(0x5A);
    }

    [GlobalCleanup]
    public unsafe void Cleanup()
    {
        _ring?.Dispose();
        _pairs.Dispose();
        NativeMemory.AlignedFree(_ringSendA);
        NativeMemory.AlignedFree(_ringReceiveB);
        NativeMemory.AlignedFree(_ringReceiveA);
    }

    [Benchmark(Baseline = true, Description = "Socket Send/Receive (sync)")]
    public int SocketSync()
    {
        int total = 0;
        for (int i = 0; i < Pairs; i++)
        {
            Socket a = _pairs.A(i);
            Socket b = _pairs.B(i);
            SendAll(a, _sendA[i]);
            ReceiveAll(b, _receiveB[i]);
            SendAll(b, _receiveB[i]);
            total += ReceiveAll(a, _receiveA[i]);
        }

        return total;
    }

    [Benchmark(Description = "Socket SendAsync/ReceiveAsync (ValueTask)")]
    public async ValueTask<int> SocketAsync()
    {
        for (int i = 0; i < Pairs; i++)
        {
            _inFlight[i] = RoundTripAsync(i);
        }

        int total = 0;
        for (int i = 0; i < Pairs; i++)
        {
            total += await _inFlight[i].ConfigureAwait(false);
        }

        return total;
    }

    [Benchmark(Description = "Uring send+recv, one Wait per direction")]
    public unsafe int UringOps()
    {
        Exchange(fromB: false, _ringSendA, _ringReceiveB);
        return Exchange(fromB: true, _ringReceiveB, _ringReceiveA);
    }

    /// <summary>
    /// One direction on every pair: a SEND on the sending side and a RECV (MSG_WAITALL) on the other, all
    /// prepared, then one <c>Wait</c> submits them and reaps the receives. Successful sends post no
    /// completion (the default <see cref="RingOptions.NotifySucceed"/> = false), so exactly one completion
    /// per pair is expected.
    /// </summary>
    private unsafe int Exchange(bool fromB, byte* source, byte* destination)
    {
        int payload = Payload;
        for (int i = 0; i < Pairs; i++)
        {
            int sender = fromB ? _pairs.FdB(i) : _pairs.FdA(i);
            int receiver = fromB ? _pairs.FdA(i) : _pairs.FdB(i);
            _ring.TryPrepareSend(SqeContext.FromValue((ulong)i), sender, new ReadOnlySpan<byte>(source + (i * payload), payload));
            _ring.TryPrepareRecv(SqeContext.FromValue((ulong)i), receiver, new Span<byte>(destination + (i * payload), payload), MessageFlags.WaitAll);
        }

        int total = 0;
        int reaped = 0;
        while (reaped < Pairs)
        {
            int got = _ring.Wait(_completions, Pairs - reaped, TimeSpan.FromSeconds(5));
            for (int i = 0; i < got; i++)
            {
                int result = _completions[i].Result;
                if (result != payload)
                {
                    throw new IOException($"pair {_completions[i].Context.Value}: {(result < 0 ? _completions[i].Error.ToString() : $"{result} of {payload} bytes")}");
                }

                total += result;
            }

            reaped += got;
        }

        return total;
    }

    private async ValueTask<int> RoundTripAsync(int i)
    {
        Socket a = _pairs.A(i);
        Socket b = _pairs.B(i);
        await SendAllAsync(a, _sendA[i]).ConfigureAwait(false);
        await ReceiveAllAsync(b, _receiveB[i]).ConfigureAwait(false);
        await SendAllAsync(b, _receiveB[i]).ConfigureAwait(false);
        return await ReceiveAllAsync(a, _receiveA[i]).ConfigureAwait(false);
    }

    private static void SendAll(Socket socket, byte[] buffer)
    {
        for (int sent = 0; sent < buffer.Length;)
        {
            sent += socket.Send(buffer.AsSpan(sent));
        }
    }

    private static int ReceiveAll(Socket socket, byte[] buffer)
    {
        int received = 0;
        while (received < buffer.Length)
        {
            int got = socket.Receive(buffer.AsSpan(received));
            if (got == 0)
            {
                throw new EndOfStreamException();
            }

            received += got;
        }

        return received;
    }

    private static async ValueTask SendAllAsync(Socket socket, byte[] buffer)
    {
        for (int sent = 0; sent < buffer.Length;)
        {
            sent += await socket.SendAsync(buffer.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
        }
    }

    private static async ValueTask<int> ReceiveAllAsync(Socket socket, byte[] buffer)
    {
        int received = 0;
        while (received < buffer.Length)
        {
            int got = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).ConfigureAwait(false);
            if (got == 0)
            {
                throw new EndOfStreamException();
            }

            received += got;
        }

        return received;
    }

    private byte[][] NewArrays()
    {
        byte[][] arrays = new byte[Pairs][];
        for (int i = 0; i < Pairs; i++)
        {
            arrays[i] = new byte[Payload];
            arrays[i].AsSpan().Fill(0x5A);
        }

        return arrays;
    }
}
