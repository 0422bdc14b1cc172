using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Uring.Benchmarks;

/// <summary>
/// Ping-pong through two <see cref="LoopDuplexPipe"/>s over TCP loopback on one event loop: the client writes
/// <see cref="Payload"/> bytes, the server reads them and writes them back, the client reads them. Side by side: the
/// pipe input fed by copy-free receives into the loop's provided-buffer ring (<see cref="LoopDuplexPipeOptions.UseProvidedBuffers"/>,
/// the default) and by receives into memory of an input <see cref="Pipe"/>. One invocation runs
/// <see cref="RoundTrips"/> round trips on the loop thread.
/// </summary>
[MemoryDiagnoser]
public class PipeReceiveBenchmarks
{
    private const int RoundTrips = 1000;

    private EventLoop _loop = null!;
    private Socket _listener = null!;
    private LoopDuplexPipe _client = null!;
    private LoopDuplexPipe _server = null!;
    private byte[] _message = null!;

    [Params(true, false)]
    public bool UseProvidedBuffers { get; set; }

    [Params(64, 4096)]
    public int Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _loop = new EventLoop(new EventLoopOptions { Entries = 256 });
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        LoopDuplexPipeOptions options = new() { UseProvidedBuffers = UseProvidedBuffers };
        ValueTask<LoopConnection> accepted = _loop.AcceptConnectionAsync(_listener);
        LoopConnection client = _loop.ConnectAsync(_listener.LocalEndPoint!).AsTask().GetAwaiter().GetResult();
        _client = LoopDuplexPipe.Start(client, options);
        _server = LoopDuplexPipe.Start(accepted.AsTask().GetAwaiter().GetResult(), options);
        _message = new byte[Payload];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _loop.Dispose();
        _listener.Dispose();
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public Task PingPong() => _loop.RunAsync(RunAsync);

    private async Task RunAsync()
    {
        int payload = Payload;
        PipeReader serverInput = _server.Input;
        PipeReader clientInput = _client.Input;
        for (int i = 0; i < RoundTrips; i++)
        {
            await _client.Output.WriteAsync(_message);
            while (true)
            {
                ReadResult request = await serverInput.ReadAsync();
                if (request.Buffer.Length >= payload)
                {
                    foreach (ReadOnlyMemory<byte> segment in request.Buffer.Slice(0, payload))
                    {
                        _server.Output.Write(segment.Span);
                    }

                    serverInput.AdvanceTo(request.Buffer.GetPosition(payload));
                    await _server.Output.FlushAsync();
                    break;
                }

                serverInput.AdvanceTo(request.Buffer.Start, request.Buffer.End);
            }

            while (true)
            {
                ReadResult response = await clientInput.ReadAsync();
                if (response.Buffer.Length >= payload)
                {
                    clientInput.AdvanceTo(response.Buffer.GetPosition(payload));
                    break;
                }

                clientInput.AdvanceTo(response.Buffer.Start, response.Buffer.End);
            }
        }
    }
}
