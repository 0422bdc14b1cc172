using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>
/// A server connection's request state. One is rented per accepted connection and reused for every
/// receive and send on it; its handler says which of the two is in flight.
/// </summary>
[UringContext]
public partial struct ServerOp
{
    /// <summary><see cref="EchoHandlers.OnReceived"/> or <see cref="EchoHandlers.OnSent"/>.</summary>
    public CompletionHandler Handler;

    /// <summary>The server (a reference: kept in the pool's GC-visible table, not in the 64 bytes).</summary>
    public EchoServer Server;

    /// <summary>The connection's buffer (pinned: the kernel writes it until the completion).</summary>
    public byte[] Buffer;

    public int Fd;

    /// <summary>Bytes received, to echo back.</summary>
    public int Length;

    /// <summary>Bytes echoed so far.</summary>
    public int Sent;
}

/// <summary>The listener's pending accept (one, re-armed after each connection).</summary>
[UringContext]
public partial struct AcceptOp
{
    public CompletionHandler Handler;
    public EchoServer Server;
    public int ListenFd;
}

/// <summary>A client connection's state: connect, then send a request and read its echo, again and again.</summary>
[UringContext]
public partial struct ClientOp
{
    public CompletionHandler Handler;
    public LoadClient Client;
    public byte[] Request;
    public byte[] Reply;
    public int Fd;

    /// <summary>Bytes of the current request sent, or of its reply received.</summary>
    public int Done;

    /// <summary>Requests this connection still has to make.</summary>
    public int Remaining;

    /// <summary>The connection's number (part of every verified payload).</summary>
    public int Index;
}
