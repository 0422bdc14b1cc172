using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// SOCKET_URING_OP_GETSOCKNAME (a Linux 6.19 socket command; there is no probe bit for socket sub-commands).
/// On 6.18 the kernel must answer exactly -EOPNOTSUPP, leaving the caller's address untouched; from 6.19 the
/// addresses must equal libc getsockname/getpeername. Which answer is expected follows the running kernel's
/// version, so the test is specific either way and fails if the encoding were wrong on a 6.19 kernel.
/// </summary>
public sealed unsafe class GetSocketNameTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly int _client;
    private readonly int _server;

    public GetSocketNameTests()
    {
        (_client, _server) = Loopback.TcpPair(_ring);
    }

    public void Dispose()
    {
        Posix.CloseQuietly(_client);
        Posix.CloseQuietly(_server);
        _ring.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_local_and_peer_address_or_this_kernels_refusal(bool peer)
    {
        using NativeBuffer memory = new(sizeof(SockAddr));
        Span<SockAddr> address = new(memory.Pointer, 1);
        address[0].Bytes.Fill(0xEE);
        Assert.True(_ring.TryPrepareGetSocketName(SqeContext.FromValue(1), _client, address, peer));
        CqeView cqe = _ring.WaitOne();

        if (!KernelVersion.AtLeast(6, 19))
        {
            Assert.Equal(Errno.EOPNOTSUPP, cqe.Error);
            Assert.Equal((uint)SockAddr.Capacity, address[0].Length);
            Assert.Equal(0xEE, address[0].Bytes[0]);
            return;
        }

        Assert.Equal(0, cqe.Result);
        SockAddr expected = peer ? Posix.GetSockName(_server) : Posix.GetSockName(_client);
        Assert.Equal(expected.Length, address[0].Length);
        Assert.True(address[0].Bytes[..(int)expected.Length].SequenceEqual(expected.Bytes[..(int)expected.Length]));
    }
}
