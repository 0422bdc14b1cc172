using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>What a read request wants back: where it reads, into what, and who asked.</summary>
[UringContext]
public partial struct ReadRequest
{
    public CompletionHandler Handler;
    public int Fd;
    public long Sequence;
    public byte[] Buffer;
    public Owner Owner;
    public string? Label;
}

/// <summary>A managed object only a context keeps alive while its request is in flight.</summary>
public sealed class Owner
{
    public Owner(int id) => Id = id;

    public int Id { get; }

    public string Text => "owner-" + Id;

    public List<int> Seen { get; } = new();
}

/// <summary>A context without reference fields (its accessors never touch the side table).</summary>
[UringContext]
public partial struct Probe
{
    public CompletionHandler Handler;
    public int Tag;
    public ulong Cookie;
}

/// <summary>Handlers the generated dispatchers call directly; they record what they saw.</summary>
public static class RecordingHandlers
{
    [ThreadStatic]
    private static List<string>? t_log;

    public static List<string> Log => t_log ??= new List<string>();

    [UringHandler]
    public static void OnRead(Ring ring, in CqeView cqe)
    {
        ReadRequest.Ref request = ReadRequest.From(in cqe);
        Log.Add($"read {request.Owner.Id} {request.Sequence} {cqe.Result}");
        ReadRequest.Release(ring, cqe.ExtendedSqe);
    }

    [UringHandler]
    public static void OnProbe(Ring ring, in CqeView cqe)
    {
        Log.Add($"probe {Probe.From(in cqe).Tag} {cqe.Result}");
        Probe.Release(ring, cqe.ExtendedSqe);
    }

    /// <summary>Not marked: dispatchers reach it through its pointer.</summary>
    public static void Unlisted(Ring ring, in CqeView cqe)
    {
        Log.Add($"unlisted {Probe.From(in cqe).Tag}");
        Probe.Release(ring, cqe.ExtendedSqe);
    }
}

/// <summary>Typed contexts through real completions: NOPs with injected results and reads from pipes.</summary>
public sealed unsafe class TypedContextTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
    private readonly List<int> _fds = new();

    public TypedContextTests() => RecordingHandlers.Log.Clear();

    public void Dispose()
    {
        _ring.Dispose();
        foreach (int fd in _fds)
        {
            Posix.CloseQuietly(fd);
        }
    }

    [Fact]
    public void A_context_comes_back_with_its_completion()
    {
        Owner owner = new(1);
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Fd = -1, Sequence = 42, Owner = owner, Label = "nop" }, out ExtendedSqe ext));
        Assert.True(_ring.TryPrepareNop(ext.Context, NopFlags.InjectResult, 1234));

        CqeView cqe = _ring.WaitOne();
        Assert.Equal(1234, cqe.Result);
        ReadRequest.Ref back = ReadRequest.From(in cqe);
        Assert.Equal(42, back.Sequence);
        Assert.Equal(-1, back.Fd);
        Assert.Same(owner, back.Owner);
        Assert.Equal("nop", back.Label);
        Assert.Null(back.Buffer);

        ReadRequest copy = ReadRequest.Load(cqe.ExtendedSqe);
        Assert.Equal((42L, "nop"), (copy.Sequence, copy.Label));
        ReadRequest.Release(_ring, cqe.ExtendedSqe);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Reads_from_pipes_carry_their_buffers_and_owners()
    {
        (int read, int write) = Pipe();
        byte[] buffer = GC.AllocateArray<byte>(16, pinned: true);
        Owner owner = new(2);
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Fd = read, Sequence = 1, Buffer = buffer, Owner = owner }, out ExtendedSqe ext));
        Assert.True(_ring.TryPrepareRead(ext.Context, read, buffer));
        Assert.Equal(1, _ring.Submit());

        Assert.Equal(5, Posix.Write(write, "hello"u8));
        Span<ExtendedCqe> completions = stackalloc ExtendedCqe[1];
        Assert.Equal(1, _ring.Wait(Span<CqeView>.Empty, 1, TimeSpan.FromSeconds(5)) + _ring.Reap(completions));

        ExtendedCqe cqe = completions[0];
        Assert.Equal(5, cqe.Result);
        ReadRequest.Ref request = ReadRequest.From(in cqe);
        Assert.Same(buffer, request.Buffer);
        Assert.Equal("hello"u8.ToArray(), request.Buffer.AsSpan(0, cqe.Result).ToArray());
        Assert.Equal(read, request.Fd);
        Assert.Equal(read, cqe.Fd);
        Assert.Same(owner, request.Owner);
        ReadRequest.Release(_ring, cqe.Ext);
    }

    [Fact]
    public void Reference_fields_survive_forced_collections_while_requests_are_in_flight()
    {
        const int Requests = 16;
        (int Read, int Write)[] pipes = new (int, int)[Requests];
        for (int i = 0; i < Requests; i++)
        {
            pipes[i] = Pipe();
            SubmitReadOwnedOnlyByTheContext(pipes[i].Read, i);
        }

        Assert.Equal(Requests, _ring.Submit());
        for (int round = 0; round < 5; round++)
        {
            Churn();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        for (int i = 0; i < Requests; i++)
        {
            Assert.Equal(1, Posix.Write(pipes[i].Write, new[] { (byte)(i + 100) }));
        }

        CqeView[] done = _ring.WaitMany(Requests);
        HashSet<int> owners = new();
        foreach (CqeView cqe in done)
        {
            ReadRequest.Ref request = ReadRequest.From(in cqe);
            Assert.Equal(1, cqe.Result);
            Assert.Equal("owner-" + request.Sequence, request.Owner.Text);
            Assert.Equal("label-" + request.Sequence, request.Label);
            Assert.Equal((byte)(request.Sequence + 100), request.Buffer[0]);
            Assert.Equal(new[] { (int)request.Sequence }, request.Owner.Seen);
            Assert.True(owners.Add(request.Owner.Id));
            ReadRequest.Release(_ring, cqe.ExtendedSqe);
        }

        Assert.Equal(Requests, owners.Count);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_released_context_no_longer_roots_its_objects()
    {
        WeakReference owner = SubmitNopOwning(out ExtendedSqe ext);
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(ext, cqe.ExtendedSqe);
        Collect();
        Assert.True(owner.IsAlive, "The completed but unreleased context should still root its owner.");

        ReadRequest.Release(_ring, cqe.ExtendedSqe);
        Collect();
        Assert.False(owner.IsAlive, "The released context still roots its owner.");
    }

    [Fact]
    public void Dispatch_runs_the_stored_handler_with_its_state()
    {
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Handler = ReadRequest.Handlers.OnRead, Owner = new Owner(7), Sequence = 70 }, out ExtendedSqe read));
        Assert.True(_ring.TryPrepareNop(read.Context, NopFlags.InjectResult, 3));
        Assert.True(Probe.TryRent(_ring, new Probe { Handler = Probe.Handlers.OnProbe, Tag = 9 }, out ExtendedSqe probe));
        Assert.True(_ring.TryPrepareNop(probe.Context, NopFlags.InjectResult, 4));
        Assert.True(Probe.TryRent(_ring, new Probe { Handler = CompletionHandler.Create(&RecordingHandlers.Unlisted), Tag = 11 }, out ExtendedSqe unlisted));
        Assert.True(_ring.TryPrepareNop(unlisted.Context));

        foreach (CqeView cqe in _ring.WaitMany(3))
        {
            Assert.True(Probe.Dispatch(_ring, in cqe));
        }

        RecordingHandlers.Log.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "probe 9 4", "read 7 70 3", "unlisted 11" }, RecordingHandlers.Log);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Pointers_to_one_handler_compare_equal_so_dispatchers_take_the_direct_call()
    {
        Assert.Equal(ReadRequest.Handlers.OnRead, CompletionHandler.Create(&RecordingHandlers.OnRead));
        Assert.Equal(Probe.Handlers.OnRead, ReadRequest.Handlers.OnRead);
        Assert.NotEqual(ReadRequest.Handlers.OnRead, ReadRequest.Handlers.OnProbe);
        Assert.True(CompletionHandler.None.IsNull);
    }

    [Fact]
    public void Dispatch_declines_completions_without_a_handler()
    {
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(5)));
        Assert.True(Probe.TryRent(_ring, new Probe { Tag = 1 }, out ExtendedSqe empty));
        Assert.True(_ring.TryPrepareNop(empty.Context));

        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.False(ReadRequest.Dispatch(_ring, in cqe));
            Assert.False(CompletionHandler.TryInvoke(_ring, in cqe));
        }

        Probe.Release(_ring, empty);
        Assert.Empty(RecordingHandlers.Log);
    }

    [Fact]
    public void A_context_can_be_reused_for_the_next_request()
    {
        Assert.True(Probe.TryRent(_ring, new Probe { Tag = 1, Cookie = 10 }, out ExtendedSqe ext));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(_ring.TryPrepareNop(ext.Context, NopFlags.InjectResult, i));
            CqeView cqe = _ring.WaitOne();
            Probe.Ref probe = Probe.From(in cqe);
            Assert.Equal(i, cqe.Result);
            Assert.Equal(10UL + (ulong)i, probe.Cookie);
            probe.Cookie++;
        }

        Probe.Release(_ring, ext);
    }

    [Fact]
    public void Contexts_of_a_stopped_ring_are_refused()
    {
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Sequence = 1 }, out ExtendedSqe ext));
        _ring.Stop();
        // ObjectDisposedException ("the ring was stopped"), or, if another ring's new slab took the freed
        // address meanwhile, the generation check's InvalidOperationException: never a read of freed memory.
        Assert.ThrowsAny<InvalidOperationException>(() => ReadRequest.In(ext));
    }

    private void SubmitReadOwnedOnlyByTheContext(int fd, int sequence)
    {
        Owner owner = new(sequence);
        owner.Seen.Add(sequence);
        byte[] buffer = GC.AllocateArray<byte>(8, pinned: true);
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Fd = fd, Sequence = sequence, Buffer = buffer, Owner = owner, Label = "label-" + sequence }, out ExtendedSqe ext));
        Assert.True(_ring.TryPrepareRead(ext.Context, fd, buffer));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference SubmitNopOwning(out ExtendedSqe ext)
    {
        Owner owner = new(3);
        Assert.True(ReadRequest.TryRent(_ring, new ReadRequest { Owner = owner }, out ext));
        Assert.True(_ring.TryPrepareNop(ext.Context));
        return new WeakReference(owner);
    }

    private (int Read, int Write) Pipe()
    {
        (int read, int write) = Posix.Pipe();
        _fds.Add(read);
        _fds.Add(write);
        return (read, write);
    }

    /// <summary>Allocates and drops enough to make the collector move things.</summary>
    private static void Churn()
    {
        object[] garbage = new object[4096];
        for (int i = 0; i < garbage.Length; i++)
        {
            garbage[i] = new byte[64 + (i % 256)];
        }

        GC.KeepAlive(garbage);
    }

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
