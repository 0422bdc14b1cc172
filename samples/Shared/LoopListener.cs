using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Uring;

namespace Uring.Samples.Shared;

/// <summary>How a <see cref="LoopListener"/> spreads connections over the loops of a group.</summary>
public enum ListenMode
{
    /// <summary>
    /// One listening socket; the first loop accepts and hands each connection (a <see cref="Socket"/>) to the next loop,
    /// round-robin, through that loop's queue (<see cref="EventLoop.TryPost{TState}(Action{TState}, TState)"/>).
    /// </summary>
    Accept,

    /// <summary>One listening socket per loop, all bound to the port with <c>SO_REUSEPORT</c>; the kernel picks the loop.</summary>
    ReusePort,

    /// <summary>
    /// One listening socket; the first loop accepts raw descriptors and passes each to the next loop, round-robin, through
    /// the rings (<see cref="EventLoopGroup.TryHandOff"/>: <c>IORING_OP_MSG_RING</c> with <c>IORING_MSG_SEND_FD</c>); the
    /// receiving loop wraps it in its <see cref="Socket"/>.
    /// </summary>
    MsgRing,
}

/// <summary>
/// A TCP listener on an <see cref="EventLoopGroup"/>: accepts connections with <see cref="EventLoop.AcceptAsync(Socket, CancellationToken)"/>
/// and runs a handler for each on one loop, which then owns it: every await in the handler resumes on that loop.
/// </summary>
public sealed class LoopListener : IAsyncDisposable
{
    private readonly EventLoopGroup _group;
    private readonly Func<EventLoop, Socket, Task> _serve;
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _accepted;
    private int _active;
    private long _failures;

    private LoopListener(EventLoopGroup group, ListenMode mode, Func<EventLoop, Socket, Task> serve)
    {
        _group = group;
        Mode = mode;
        _serve = serve;
        _accepted = new long[group.Count];
    }

    /// <summary>How connections are spread.</summary>
    public ListenMode Mode { get; }

    /// <summary>The port listened on (the one the kernel chose when 0 was asked for).</summary>
    public int Port { get; private set; }

    /// <summary>Connections served by each loop so far, in the group's order.</summary>
    public IReadOnlyList<long> AcceptedPerLoop => _accepted;

    /// <summary>Connections whose handler is still running.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Handlers that ended with an exception other than a reset by the peer or the loop's shutdown.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Reads a mode as the samples' <c>--listen</c> option spells it: accept, reuseport or msgring.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="mode">The mode.</param>
    /// <returns>True when <paramref name="text"/> names a mode.</returns>
    public static bool TryParseMode(string text, out ListenMode mode)
    {
        (bool known, mode) = text switch
        {
            "accept" => (true, ListenMode.Accept),
            "reuseport" => (true, ListenMode.ReusePort),
            "msgring" => (true, ListenMode.MsgRing),
            _ => (false, ListenMode.Accept),
        };
        return known;
    }

    /// <summary>One line that says how <paramref name="mode"/> spreads connections.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The description.</returns>
    public static string Describe(ListenMode mode) => mode switch
    {
        ListenMode.ReusePort => "SO_REUSEPORT: one listening socket per loop",
        ListenMode.MsgRing => "one listening socket, accepted on loop 1 and passed round-robin with MSG_RING (SEND_FD)",
        _ => "one listening socket, accepted on loop 1 and posted round-robin",
    };

    /// <summary>Binds, listens and starts accepting.</summary>
    /// <param name="group">The loops that serve the connections.</param>
    /// <param name="endPoint">Where to listen (port 0: any free port).</param>
    /// <param name="mode">How connections are spread over the loops.</param>
    /// <param name="serve">The handler of one connection, called on its loop; the listener disposes the socket when the task ends.</param>
    /// <returns>The running listener.</returns>
    public static LoopListener Start(EventLoopGroup group, IPEndPoint endPoint, ListenMode mode, Func<EventLoop, Socket, Task> serve)
    {
        LoopListener listener = new(group, mode, serve);
        int sockets = mode == ListenMode.ReusePort ? group.Count : 1;
        int port = endPoint.Port;
        for (int i = 0; i < sockets; i++)
        {
            Socket socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (mode == ListenMode.ReusePort)
            {
                // Every socket of the group must ask for SO_REUSEPORT before its bind; the first bind picks the port.
                socket.SetRawSocketOption(SockOpt.SocketLevel, SockOpt.ReusePort, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(endPoint.Address, port));
            socket.Listen(1024);
            port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            listener._sockets.Add(socket);
        }

        listener.Port = port;
        if (mode == ListenMode.MsgRing)
        {
            // Runs on the receiving loop's thread; the socket (and the descriptor) belong to the handler from here on.
            group.HandOffReceived = (loop, fd) => listener.Receive(loop, fd);
        }

        for (int i = 0; i < sockets; i++)
        {
            EventLoop loop = group.Loops[i];
            Socket socket = listener._sockets[i];
            int index = i;
            listener._acceptLoops.Add(loop.RunAsync(() => listener.AcceptLoop(loop, index, socket)));
        }

        return listener;
    }

    /// <summary>Stops accepting (the pending accepts are cancelled) and closes the listening sockets; served connections go on.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The group shut down first: its accepts ended with it.
        }

        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop(EventLoop loop, int loopIndex, Socket listening)
    {
        if (Mode == ListenMode.MsgRing)
        {
            await PassLoop(loop, loopIndex, listening);
            return;
        }

        while (true)
        {
            Socket connection;
            try
            {
                connection = await loop.AcceptAsync(listening, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            connection.NoDelay = true;
            if (Mode == ListenMode.ReusePort)
            {
                _ = Run(loop, loopIndex, connection);
                continue;
            }

            // Round-robin over the group (this loop included); another loop gets the socket through its queue.
            EventLoop home = _group.Next();
            int homeIndex = IndexOf(home);
            if (home == loop)
            {
                _ = Run(loop, homeIndex, connection);
            }
            else if (!home.TryPost(static (Handoff state) => _ = state.Listener.Run(state.Loop, state.Index, state.Connection), new Handoff(this, home, homeIndex, connection)))
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>
    /// The msgring mode: accepts raw descriptors (no <see cref="Socket"/> built on the accepting loop) and passes each
    /// through the rings; when the accepting loop has every hand-off in flight, the descriptor goes through the queue.
    /// </summary>
    private async Task PassLoop(EventLoop loop, int loopIndex, Socket listening)
    {
        int listeningFd = (int)listening.Handle;
        while (true)
        {
            int fd;
            try
            {
                fd = await loop.AcceptAsync(listeningFd, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            EventLoop home = _group.Next();
            if (home == loop)
            {
                Receive(loop, fd);
            }
            else if (!_group.TryHandOff(fd, home)
                && !home.TryPost(static (Pass state) => state.Listener.Receive(state.Loop, state.Fd), new Pass(this, home, fd)))
            {
                // Neither way had room: refuse the connection (the handle closes the descriptor).
                new SafeSocketHandle(fd, ownsHandle: true).Dispose();
            }
        }
    }

    /// <summary>On the loop that serves it: wraps a passed descriptor in a <see cref="Socket"/> and runs the handler.</summary>
    private void Receive(EventLoop loop, int fd)
    {
        Socket connection = new(new SafeSocketHandle(fd, ownsHandle: true)) { NoDelay = true };
        _ = Run(loop, IndexOf(loop), connection);
    }

    private int IndexOf(EventLoop loop)
    {
        for (int i = 0; i < _group.Count; i++)
        {
            if (_group.Loops[i] == loop)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The loop is not one of the group's.");
    }

    /// <summary>On the connection's loop: runs the handler, counts it, and disposes the socket when it ends (never faults).</summary>
    private async Task Run(EventLoop loop, int loopIndex, Socket connection)
    {
        Interlocked.Increment(ref _accepted[loopIndex]);
        Interlocked.Increment(ref _active);
        try
        {
            await _serve(loop, connection);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted)
        {
            // The peer went away mid-request: the connection ends like any other.
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // The loop shut down under the connection.
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

    private readonly record struct Handoff(LoopListener Listener, EventLoop Loop, int Index, Socket Connection);

    private readonly record struct Pass(LoopListener Listener, EventLoop Loop, int Fd);
}
