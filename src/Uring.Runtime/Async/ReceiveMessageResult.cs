using System.Net.Sockets;

namespace Uring;

/// <summary>
/// What <see cref="EventLoop.ReceiveMessageAsync(Socket, System.ReadOnlySpan{System.Memory{byte}}, System.Net.SocketAddress?, SocketFlags, System.Threading.CancellationToken)"/>
/// received: the byte count and the message flags the kernel returned (<c>msg_flags</c> of <c>recvmsg(2)</c>).
/// </summary>
/// <param name="ReceivedBytes">Bytes written into the buffers, in order (a datagram longer than all of them is cut to their total).</param>
/// <param name="Flags">The kernel's <c>msg_flags</c>: <see cref="MessageFlags.Truncated"/> when the datagram did not fit
/// the buffers (the rest of it was discarded), <see cref="MessageFlags.ControlTruncated"/>, <see cref="MessageFlags.OutOfBand"/>, ...</param>
public readonly record struct ReceiveMessageResult(int ReceivedBytes, MessageFlags Flags)
{
    /// <summary>True when the datagram was longer than the buffers (<c>MSG_TRUNC</c>): only <see cref="ReceivedBytes"/> of it were kept.</summary>
    public bool IsTruncated => (Flags & MessageFlags.Truncated) != 0;

    /// <summary>
    /// <see cref="Flags"/> as .NET reports them in <see cref="SocketReceiveMessageFromResult.SocketFlags"/>:
    /// <see cref="SocketFlags.Truncated"/>, <see cref="SocketFlags.ControlDataTruncated"/> and <see cref="SocketFlags.OutOfBand"/>.
    /// </summary>
    public SocketFlags SocketFlags
    {
        get
        {
            SocketFlags flags = SocketFlags.None;
            if ((Flags & MessageFlags.Truncated) != 0)
            {
                flags |= SocketFlags.Truncated;
            }

            if ((Flags & MessageFlags.ControlTruncated) != 0)
            {
                flags |= SocketFlags.ControlDataTruncated;
            }

            if ((Flags & MessageFlags.OutOfBand) != 0)
            {
                flags |= SocketFlags.OutOfBand;
            }

            return flags;
        }
    }
}
