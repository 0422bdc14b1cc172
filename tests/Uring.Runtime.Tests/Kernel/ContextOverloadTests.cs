using System;
using System.Collections.Generic;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// The generated <c>TryPrepare*&lt;TContext&gt;(in TContext context, ...)</c> overloads through real completions:
/// one call rents a pooled Extended context, stores a <c>[UringContext]</c> value (reference fields
/// included) and prepares the op; when the op is not prepared the context is back in the pool.
/// </summary>
public sealed class ContextOverloadTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly List<int> _fds = new();

    public ContextOverloadTests() => RecordingHandlers.Log.Clear();

    public void Dispose()
    {
        _ring.Dispose();
        foreach (int fd in _fds)
        {
            Posix.CloseQuietly(fd);
        }
    }

    [Fact]
    public void An_injected_nop_brings_its_context_back()
    {
        Owner owner = new(1);
        Assert.True(_ring.TryPrepareNop(new ReadRequest { Fd = -1, Sequence = 42, Owner = owner, Label = "nop" }, NopFlags.InjectResult, 1234));
        Assert.Equal(_ring.Pools.Capacity - 1, _ring.Pools.ExtendedAvailable);

        CqeView cqe = _ring.WaitOne();
        Assert.Equal(1234, cqe.Result);
        Assert.Equal(SqeContextMode.Extended, cqe.Context.Mode);
        ReadRequest.Ref back = ReadRequest.From(in cqe);
        Assert.Equal(42, back.Sequence);
        Assert.Equal(-1, back.Fd);
        Assert.Same(owner, back.Owner);
        Assert.Equal("nop", back.Label);
        Assert.Null(back.Buffer);
        Assert.Equal((byte)IoUringOp.Nop, cqe.ExtendedSqe.Sqe.Opcode);

        ReadRequest.Release(_ring, cqe.ExtendedSqe);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_pipe_read_carries_its_buffer_and_owner()
    {
        (int read, int write) = Pipe();
        byte[] buffer = GC.AllocateArray<byte>(16, pinned: true);
        Owner owner = new(2);
        ReadRequest request = new() { Fd = read, Sequence = 7, Buffer = buffer, Owner = owner, Label = "pipe" };
        Assert.True(_ring.TryPrepareRead(in request, read, buffer));
        Assert.Equal(1, _ring.Submit());

        Assert.Equal(5, Posix.Write(write, "hello"u8));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(5, cqe.Result);
        ReadRequest.Ref back = ReadRequest.From(in cqe);
        Assert.Same(buffer, back.Buffer);
        Assert.Equal("hello"u8.ToArray(), back.Buffer.AsSpan(0, cqe.Result).ToArray());
        Assert.Equal(read, back.Fd);
        Assert.Equal(7, back.Sequence);
        Assert.Same(owner, back.Owner);
        Assert.Equal("pipe", back.Label);
        ReadRequest.Release(_ring, cqe.ExtendedSqe);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Dispatch_runs_the_handler_stored_through_the_overload()
    {
        Assert.True(_ring.TryPrepareNop(new Probe { Handler = Probe.Handlers.OnProbe, Tag = 9 }, NopFlags.InjectResult, 4));
        Assert.True(_ring.TryPrepareNop(new ReadRequest { Handler = ReadRequest.Handlers.OnRead, Owner = new Owner(5), Sequence = 50 }, result: 6, flags: NopFlags.InjectResult));

        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.True(Probe.Dispatch(_ring, in cqe));
        }

        RecordingHandlers.Log.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "probe 9 4", "read 5 50 6" }, RecordingHandlers.Log);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_full_submission_queue_returns_false_and_the_context_goes_back()
    {
        int queued = 0;
        while (_ring.TryPrepareNop(SqeContext.FromValue((ulong)queued)))
        {
            queued++;
        }

        Assert.Equal(0, _ring.SqAvailable);
        int available = _ring.Pools.ExtendedAvailable;
        Owner owner = new(3);
        Assert.False(_ring.TryPrepareNop(new ReadRequest { Owner = owner, Sequence = 3 }, NopFlags.InjectResult, 3));
        Assert.False(_ring.TryPrepareRead(new ReadRequest { Owner = owner }, 0, GC.AllocateArray<byte>(8, pinned: true)));
        Assert.Equal(available, _ring.Pools.ExtendedAvailable);
        Assert.Equal(_ring.Pools.Capacity, available);

        Assert.Equal(queued, _ring.WaitMany(queued).Length);
        Assert.True(_ring.TryPrepareNop(new ReadRequest { Owner = owner, Sequence = 4 }, NopFlags.InjectResult, 4));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(4, ReadRequest.From(in cqe).Sequence);
        Assert.Same(owner, ReadRequest.From(in cqe).Owner);
        ReadRequest.Release(_ring, cqe.ExtendedSqe);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void An_exhausted_pool_returns_false_and_prepares_nothing()
    {
        ExtendedSqe[] rented = new ExtendedSqe[_ring.Pools.Capacity];
        for (int i = 0; i < rented.Length; i++)
        {
            Assert.True(_ring.TryRentExtendedSqe(out rented[i]));
        }

        int free = _ring.SqAvailable;
        Assert.False(_ring.TryPrepareNop(new Probe { Tag = 1 }));
        Assert.Equal(free, _ring.SqAvailable);

        foreach (ExtendedSqe ext in rented)
        {
            _ring.ReturnExtendedSqe(ext);
        }

        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void An_op_that_throws_gives_the_context_back()
    {
        int free = _ring.SqAvailable;
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareOpenAt(new ReadRequest { Owner = new Owner(4) }, FileDescriptors.CurrentDirectory, "bad\0path", OpenFlags.ReadOnly));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(free, _ring.SqAvailable);
    }

    private (int Read, int Write) Pipe()
    {
        (int read, int write) = Posix.Pipe();
        _fds.Add(read);
        _fds.Add(write);
        return (read, write);
    }
}
