using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Uring.Samples.AsyncEcho;

/// <summary>
/// The same echo server as a .NET developer writes it with System.Net.Sockets: <see cref="Socket.AcceptAsync(CancellationToken)"/>
/// in a loop, and one async loop per connection over <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>
/// and <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>. Continuations run where .NET runs
/// them by default (the thread pool, fed by the runtime's epoll threads).
/// </summary>
public sealed class SocketsEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _accepted;
    private int _active;
    private long _failures;

    public SocketsEchoServer(IPEndPoint endPoint)
    {
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(endPoint);
        _listener.Listen(1024);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptLoop();
    }

    public int Port { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    public int Active => Volatile.Read(ref _active);

    public long Failures => Interlocked.Read(ref _failures);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting;
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            connection.NoDelay = true;
            Interlocked.Increment(ref _accepted);
            _ = Serve(connection);
        }
    }

    private async Task Serve(Socket connection)
    {
        Interlocked.Increment(ref _active);
        try
        {
            byte[] buffer = new byte[UringEcho.BufferSize];
            while (true)
            {
                int received = await connection.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                {
                    return;
                }

                // Sends all of it (Socket.SendAsync on a stream socket completes when every byte went).
                await connection.SendAsync(buffer.AsMemory(0, received), SocketFlags.None);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted)
        {
            // The peer went away mid-request.
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            Console.Error.WriteLine($"connection failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            connection.Dispose();
            Interlocked.Decrement(ref _active);
        }
    }
}
