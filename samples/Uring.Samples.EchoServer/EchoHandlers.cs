using System;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>
/// Every completion of the sample runs one of these, called directly by a generated <c>Dispatch</c>: no
/// delegate, no virtual call, no allocation. Each reads its typed context from the completion, prepares the
/// next op with the same pooled context, or returns the context when the connection is done.
/// </summary>
public static class EchoHandlers
{
    /// <summary>A connection arrived: start receiving on it and accept the next one.</summary>
    [UringHandler]
    public static void OnAccepted(Ring ring, in CqeView cqe)
    {
        AcceptOp.Ref accept = AcceptOp.From(in cqe);
        EchoServer server = accept.Server;
        if (cqe.Result < 0)
        {
            // Cancelled at shutdown (or a real failure, which the server records).
            server.AcceptFinished(cqe.Error);
            AcceptOp.Release(ring, cqe.ExtendedSqe);
            return;
        }

        ServerOp connection = new()
        {
            Handler = ServerOp.Handlers.OnReceived,
            Server = server,
            Buffer = server.NewConnectionBuffer(),
            Fd = cqe.Result,
        };
        Must(ring.TryPrepareRecv(in connection, connection.Fd, connection.Buffer), "recv");   // rents, stores, prepares
        server.Opened();
        Must(ring.TryPrepareAccept(cqe.ExtendedSqe.Context, accept.ListenFd), "accept");
    }

    /// <summary>Data (or the end of the stream) arrived on a server connection: echo it back.</summary>
    [UringHandler]
    public static void OnReceived(Ring ring, in CqeView cqe)
    {
        ServerOp.Ref op = ServerOp.From(in cqe);
        if (cqe.Result <= 0)
        {
            op.Server.Closed(cqe.Result < 0 ? cqe.Error : Errno.None);
            Must(ring.TryPrepareClose(SqeContext.FromValue(EchoServer.CloseTag), op.Fd), "close");
            ServerOp.Release(ring, cqe.ExtendedSqe);
            return;
        }

        op.Length = cqe.Result;
        op.Sent = 0;
        op.Handler = ServerOp.Handlers.OnSent;
        Must(ring.TryPrepareSend(cqe.ExtendedSqe.Context, op.Fd, op.Buffer.AsSpan(0, op.Length)), "send");
    }

    /// <summary>Part or all of an echo went out: send the rest, or receive the next request.</summary>
    [UringHandler]
    public static void OnSent(Ring ring, in CqeView cqe)
    {
        ServerOp.Ref op = ServerOp.From(in cqe);
        if (cqe.Result < 0)
        {
            op.Server.Closed(cqe.Error);
            Must(ring.TryPrepareClose(SqeContext.FromValue(EchoServer.CloseTag), op.Fd), "close");
            ServerOp.Release(ring, cqe.ExtendedSqe);
            return;
        }

        op.Sent += cqe.Result;
        if (op.Sent < op.Length)
        {
            Must(ring.TryPrepareSend(cqe.ExtendedSqe.Context, op.Fd, op.Buffer.AsSpan(op.Sent, op.Length - op.Sent)), "send");
            return;
        }

        op.Handler = ServerOp.Handlers.OnReceived;
        Must(ring.TryPrepareRecv(cqe.ExtendedSqe.Context, op.Fd, op.Buffer), "recv");
    }

    /// <summary>A client socket exists: connect it to the server.</summary>
    [UringHandler]
    public static void OnClientSocket(Ring ring, in CqeView cqe)
    {
        ClientOp.Ref op = ClientOp.From(in cqe);
        op.Client.Check(cqe, "socket");
        op.Fd = cqe.Result;
        op.Handler = ClientOp.Handlers.OnConnected;
        Must(ring.TryPrepareConnect(cqe.ExtendedSqe.Context, op.Fd, SockAddr.IPv4Loopback(op.Client.Port)), "connect");
    }

    /// <summary>Connected: send the first request.</summary>
    [UringHandler]
    public static void OnConnected(Ring ring, in CqeView cqe)
    {
        ClientOp.Ref op = ClientOp.From(in cqe);
        op.Client.Check(cqe, "connect");
        SendNextRequest(ring, cqe.ExtendedSqe, op);
    }

    /// <summary>Part or all of a request went out: send the rest, or wait for the echo.</summary>
    [UringHandler]
    public static void OnRequestSent(Ring ring, in CqeView cqe)
    {
        ClientOp.Ref op = ClientOp.From(in cqe);
        op.Client.Check(cqe, "send");
        op.Client.Moved(cqe.Result);
        op.Done += cqe.Result;
        if (op.Done < op.Request.Length)
        {
            Must(ring.TryPrepareSend(cqe.ExtendedSqe.Context, op.Fd, op.Request.AsSpan(op.Done)), "send");
            return;
        }

        op.Done = 0;
        op.Handler = ClientOp.Handlers.OnReplied;
        Must(ring.TryPrepareRecv(cqe.ExtendedSqe.Context, op.Fd, op.Reply), "recv");
    }

    /// <summary>Part or all of the echo came back: read the rest, or check it and make the next request.</summary>
    [UringHandler]
    public static void OnReplied(Ring ring, in CqeView cqe)
    {
        ClientOp.Ref op = ClientOp.From(in cqe);
        op.Client.Check(cqe, "recv");
        if (cqe.Result == 0)
        {
            op.Client.Fail("the server closed the connection early");
        }

        op.Client.Moved(cqe.Result);
        op.Done += cqe.Result;
        if (op.Done < op.Reply.Length)
        {
            Must(ring.TryPrepareRecv(cqe.ExtendedSqe.Context, op.Fd, op.Reply.AsSpan(op.Done)), "recv");
            return;
        }

        op.Client.Replied(op.Client.Matches(op.Reply, op.Request, op.Index));
        if (--op.Remaining == 0 || op.Client.TimeIsUp)
        {
            Must(ring.TryPrepareClose(SqeContext.FromValue(EchoServer.CloseTag), op.Fd), "close");
            op.Client.ConnectionDone();
            ClientOp.Release(ring, cqe.ExtendedSqe);
            return;
        }

        SendNextRequest(ring, cqe.ExtendedSqe, op);
    }

    private static void SendNextRequest(Ring ring, ExtendedSqe ext, ClientOp.Ref op)
    {
        op.Client.FillRequest(op.Request, op.Index);
        op.Done = 0;
        op.Handler = ClientOp.Handlers.OnRequestSent;
        Must(ring.TryPrepareSend(ext.Context, op.Fd, op.Request), "send");
    }

    /// <summary>The ring is sized so that neither its SQ nor its context pool can run out here.</summary>
    private static void Must(bool prepared, string what)
    {
        if (!prepared)
        {
            throw new InvalidOperationException($"No room for a {what} (the ring is sized for every connection; this is a bug).");
        }
    }
}
