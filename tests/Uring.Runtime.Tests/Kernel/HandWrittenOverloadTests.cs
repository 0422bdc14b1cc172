using System;
using System.IO;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// The generic context overloads of the runtime's hand-written ops (registered-buffer I/O, accept with the
/// peer address, the 128-byte commands): the wrapper's validation still runs, a completion carries the typed
/// context, and a rejected call leaves the pool and the SQ as they were.
/// </summary>
public sealed unsafe class HandWrittenOverloadTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly TempDirectory _directory = new();

    public HandWrittenOverloadTests() => RecordingHandlers.Log.Clear();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Write_fixed_and_read_fixed_carry_their_contexts()
    {
        _ring.RegisterBuffers(2, 4096);
        byte[] data = Enumerable.Range(0, 512).Select(i => (byte)(i * 7)).ToArray();
        data.CopyTo(_ring.RegisteredBuffer(0)[64..]);
        int fd = Open(_directory.File("typed-fixed.bin"));
        Owner owner = new(11);
        try
        {
            Assert.True(_ring.TryPrepareWriteFixed(new ReadRequest { Fd = fd, Sequence = 1, Owner = owner, Label = "write" }, fd, 0, 64, data.Length, fileOffset: 0));
            CqeView written = _ring.WaitOne();
            Assert.Equal(data.Length, written.Result);
            Assert.Equal(IoUringOp.WriteFixed, written.Op);
            Assert.Equal("write", ReadRequest.From(in written).Label);
            Assert.Same(owner, ReadRequest.From(in written).Owner);
            ReadRequest.Release(_ring, written.ExtendedSqe);
            Assert.Equal(data, File.ReadAllBytes(_directory.File("typed-fixed.bin")));

            Assert.True(_ring.TryPrepareReadFixed(new ReadRequest { Fd = fd, Sequence = 2, Owner = owner, Label = "read" }, fd, 1, 1000, data.Length, fileOffset: 0));
            CqeView read = _ring.WaitOne();
            Assert.Equal(data.Length, read.Result);
            ReadRequest.Ref back = ReadRequest.From(in read);
            Assert.Equal(2, back.Sequence);
            Assert.Equal(fd, back.Fd);
            Assert.Equal("read", back.Label);
            ReadRequest.Release(_ring, read.ExtendedSqe);
            Assert.True(_ring.RegisteredBuffer(1).Slice(1000, data.Length).SequenceEqual(data));
            Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void A_range_outside_the_registered_buffer_throws_and_gives_the_context_back()
    {
        _ring.RegisterBuffers(1, 4096);
        int free = _ring.SqAvailable;
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(new ReadRequest { Owner = new Owner(1) }, 0, 0, 4000, 97));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareWriteFixed(new Probe { Tag = 2 }, 0, 1, 0, 16));
        using NativeBuffer outside = new(16);
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareReadvFixed(new Probe { Tag = 3 }, 0, 0, [new IoVector(outside.Pointer, 16)]));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareWritevFixed(new Probe { Tag = 4 }, 0, 0, ReadOnlySpan<IoVector>.Empty));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(free, _ring.SqAvailable);
    }

    [Fact]
    public void Accept_with_the_peer_address_carries_its_context()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer peer = new(sizeof(SockAddr));
        Span<SockAddr> peerSlot = new(peer.Pointer, 1);
        Owner owner = new(21);

        Assert.True(_ring.TryPrepareAccept(new ReadRequest { Fd = listener, Sequence = 21, Owner = owner, Label = "accept" }, listener, peerSlot));
        Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(2), client, address));
        int server = -1;
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Op} failed: {cqe.Error}");
            if (cqe.Context.Mode == SqeContextMode.Extended)
            {
                ReadRequest.Ref back = ReadRequest.From(in cqe);
                Assert.Equal(IoUringOp.Accept, cqe.Op);
                Assert.Equal(21, back.Sequence);
                Assert.Same(owner, back.Owner);
                server = cqe.Result;
                ReadRequest.Release(_ring, cqe.ExtendedSqe);
            }
        }

        Assert.True(server >= 0);
        Assert.Equal(Posix.GetSockName(client).ToIPEndPoint(), peerSlot[0].ToIPEndPoint());
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Loopback.Close(_ring, client, server, listener);
    }

    [Fact]
    public void Accept_with_the_peer_address_into_a_slot_fills_both()
    {
        _ring.RegisterFilesSparse(4);
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer peer = new(sizeof(SockAddr));
        Span<SockAddr> peerSlot = new(peer.Pointer, 1);

        // The default flags carry close-on-exec, which the kernel refuses for a slot: the op leaves it out.
        Assert.True(_ring.TryPrepareAccept(SqeContext.FromValue(3), listener, peerSlot, target: FileTarget.Slot(2)));
        Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(2), client, address));
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Op} failed: {cqe.Error}");
            Assert.Equal(0, cqe.Result);
        }

        Assert.Equal(Posix.GetSockName(client).ToIPEndPoint(), peerSlot[0].ToIPEndPoint());
        using NativeBuffer back = new(8);
        Assert.Equal(4, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(4), 2, "peer"u8, options: OpOptions.FixedFile), "send on slot 2"));
        Assert.Equal(4, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(5), client, back.Span[..4], MessageFlags.WaitAll), "recv"));
        Assert.True(back.Span[..4].SequenceEqual("peer"u8));
        _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(6), 2), "close slot 2");
        Loopback.Close(_ring, client, listener);
    }

    [Fact]
    public void Accept_with_an_empty_peer_span_throws_and_gives_the_context_back()
    {
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareAccept(new Probe { Tag = 4 }, 0, Span<SockAddr>.Empty));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Commands_that_need_128_byte_sqes_throw_on_a_64_byte_ring_and_give_the_context_back()
    {
        int free = _ring.SqAvailable;
        Assert.Throws<NotSupportedException>(() => _ring.TryPrepareUringCmd128(new Probe { Tag = 5 }, 0, 1));
        Assert.Throws<NotSupportedException>(() => _ring.TryPrepareNop128(new Probe { Tag = 6 }));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(free, _ring.SqAvailable);
    }

    private int Open(string path)
    {
        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(100), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.CloseOnExec, (UnixFileMode)0x1A4));
        CqeView opened = _ring.WaitOne();
        Assert.True(opened.IsSuccess, $"openat failed: {opened.Error}");
        return opened.Result;
    }
}
