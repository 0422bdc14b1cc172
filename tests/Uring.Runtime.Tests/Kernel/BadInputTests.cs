using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Inputs that used to be accepted silently (a registered-file slot that wraps, a lone surrogate in a path, a zero-interval
/// repeating timer, a completion of another buffer group) are refused with a specific exception that names the
/// parameter, before anything is queued; the ring then still does a NOP round trip.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private delegate bool DirectPrep(Ring ring, uint slot);

    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });

    public void Dispose() => _ring.Dispose();

    public static TheoryData<string> DirectMethods => new()
    {
        "Socket", "Accept", "AcceptWithPeer", "OpenAt", "OpenAt2", "CloseDirect", "Pipe", "MsgRingFd",
    };

    [Theory]
    [MemberData(nameof(DirectMethods))]
    public void A_slot_that_file_index_cannot_carry_is_refused_and_points_to_any_slot(string method)
    {
        DirectPrep prepare = Direct(method);
        foreach (uint slot in new[] { uint.MaxValue, uint.MaxValue - 1 })
        {
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => prepare(_ring, slot));
            Assert.Equal("slot", error.ParamName);
            Assert.Contains("FileTarget.AnySlot", error.Message);
            Assert.Equal(0, _ring.SqPending);
        }

        AssertNopRoundTrip();
    }

    [Fact]
    public void The_highest_direct_slot_is_encoded_as_slot_plus_one_and_never_opens_an_ordinary_fd()
    {
        // No file table is registered: a real direct request fails (ENXIO/EINVAL); a wrapped file_index of 0 would
        // have opened an ordinary socket and returned its fd.
        Assert.True(_ring.TryPrepareSocket(SqeContext.FromValue(5), SocketSpec.Tcp4, FileTarget.Slot(SqeEncoding.MaxDirectSlot)));
        CqeView completion = _ring.WaitOne();
        Assert.True(completion.Result < 0, $"expected a failure without a file table, got {completion.Result}");
        AssertNopRoundTrip();
    }

    // Not theory data: the test runner serialises strings and would itself replace the lone surrogates.
    private static readonly string[] LoneSurrogates =
    [
        "a\uD800b",     // high surrogate without its low half
        "a\uDC00b",     // low surrogate alone
        "name\uD83D",   // high surrogate at the very end
        "\uDE00\uD83D", // a pair in the wrong order
    ];

    [Fact]
    public void A_path_with_a_lone_surrogate_is_refused_for_every_path_and_name()
    {
        foreach (string bad in LoneSurrogates)
        {
            AssertLoneSurrogateRefused(bad);
        }
    }

    private void AssertLoneSurrogateRefused(string bad)
    {
        using NativeBuffer value = new(16);
        Statx[] statx = GC.AllocateArray<Statx>(1, pinned: true);
        AssertSurrogate("path", () => _ring.TryPrepareOpenAt(SqeContext.FromValue(1), -100, bad, OpenFlags.ReadOnly));
        AssertSurrogate("path", () => _ring.TryPrepareStatx(SqeContext.FromValue(1), -100, bad, statx));
        AssertSurrogate("newPath", () => _ring.TryPrepareRenameAt(SqeContext.FromValue(1), -100, "a", -100, bad));
        AssertSurrogate("name", () => _ring.TryPrepareFGetXattr(SqeContext.FromValue(1), 0, bad, value.Span));
        AssertSurrogate("name", () => _ring.TryPrepareSetXattr(SqeContext.FromValue(1), "/tmp", bad, "v"u8));
        AssertSurrogate("path", () => _ring.TryPrepareGetXattr(SqeContext.FromValue(1), bad, "user.x", value.Span));
        ArgumentException unix = Assert.Throws<ArgumentException>(() => SockAddr.Unix("/tmp/" + bad));
        Assert.Equal("path", unix.ParamName);
        AssertNopRoundTrip();
    }

    [Fact]
    public void A_path_with_a_well_formed_surrogate_pair_is_encoded_as_utf8()
    {
        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(2), -100, "/nonexistent-\U0001F600", OpenFlags.ReadOnly));
        Assert.Equal(-(int)Errno.ENOENT, _ring.WaitOne().Result);
        AssertNopRoundTrip();
    }

    [Fact]
    public void A_repeating_timer_needs_a_positive_interval()
    {
        RecordingMultishotHandler handler = new();
        foreach (TimeSpan interval in new[] { TimeSpan.Zero, TimeSpan.FromTicks(-1) })
        {
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => MultishotSubscription.TryStartTimer(_ring, interval, 0, handler, out _));
            Assert.Equal("interval", error.ParamName);
        }

        ArgumentOutOfRangeException raw = Assert.Throws<ArgumentOutOfRangeException>(
            () => _ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.Zero, 0, TimeoutFlags.Multishot));
        Assert.Equal("duration", raw.ParamName);
        Assert.Equal(0, _ring.SqPending);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);

        // A single-shot zero timeout still means "now".
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(3), TimeSpan.Zero));
        Assert.Equal(-(int)Errno.ETIME, _ring.WaitOne().Result);
        AssertNopRoundTrip();
    }

    [Fact]
    public void Taking_a_completion_of_another_buffer_group_is_refused_and_nothing_is_taken()
    {
        using ProvidedBufferRing mine = _ring.RegisterProvidedBufferRing(1, 4, 64);
        using ProvidedBufferRing other = _ring.RegisterProvidedBufferRing(2, 4, 64);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            Posix.WriteAll(b, "hello"u8);
            Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.ForFd(a), a, bufferGroup: 1));
            CqeView completion = _ring.WaitOne();
            Assert.True(completion.HasBuffer);

            ArgumentException error = Assert.Throws<ArgumentException>(() => other.Take(in completion));
            Assert.Equal("completion", error.ParamName);
            Assert.Contains("group 1", error.Message);
            Assert.Equal(4, other.ProvidedCount);

            ProvidedBuffer taken = mine.Take(in completion);
            Assert.True(taken.Data.SequenceEqual("hello"u8));
            mine.Recycle(taken);

            CqeView noBuffer = new(SqeContext.ForFd(a).Raw, 5, 0);
            Assert.Equal("completion", Assert.Throws<ArgumentException>(() => mine.Take(in noBuffer)).ParamName);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }

        AssertNopRoundTrip();
    }

    [Fact]
    public void Reading_a_taken_buffer_after_its_group_is_disposed_throws_instead_of_reading_freed_memory()
    {
        ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(3, 2, 64);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            Posix.WriteAll(b, "bytes"u8);
            Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.ForFd(a), a, bufferGroup: 3));
            CqeView completion = _ring.WaitOne();
            // The group is disposed below on purpose, so there is nothing to recycle the buffer into.
#pragma warning disable URING0005
            ProvidedBuffer taken = group.Take(in completion);
#pragma warning restore URING0005
            Assert.Equal(5, taken.Length);
            group.Dispose();

            bool threw = false;
            try
            {
                _ = taken.Data;
            }
            catch (ObjectDisposedException)
            {
                threw = true;
            }

            Assert.True(threw, "reading a freed group's buffer must throw ObjectDisposedException");
            Assert.Equal(5, taken.Length);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }

        AssertNopRoundTrip();
    }

    [Fact]
    public void Registered_buffer_counts_and_sizes_beyond_the_kernel_limits_are_refused_before_allocating()
    {
        long before = Environment.WorkingSet;
        ArgumentOutOfRangeException count = Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterBuffers(20_000, 4096));
        Assert.Equal("count", count.ParamName);
        Assert.Contains("16384", count.Message);
        Assert.DoesNotContain("power-of-two", count.Message);

        ArgumentOutOfRangeException size = Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterBuffers(1, (1 << 30) + 1));
        Assert.Equal("size", size.ParamName);
        Assert.Contains("1 GiB", size.Message);

        ArgumentOutOfRangeException memory = Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterBuffers(16384, 1 << 30));
        Assert.Equal("count", memory.ParamName);
        Assert.Contains("memory", memory.Message);

        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterBuffers(0, 4096)).ParamName);
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterBuffers(1, 0)).ParamName);
        Assert.Equal(0, _ring.RegisteredBufferCount);
        Assert.True(Environment.WorkingSet - before < 256L << 20, "a refused registration must not commit memory");

        // The limits themselves are accepted by the kernel.
        _ring.RegisterBuffers(1, 4096);
        _ring.UnregisterBuffers();
        AssertNopRoundTrip();
    }

    [Fact]
    public void Provided_buffer_groups_beyond_the_limits_or_memory_are_refused_with_the_parameter()
    {
        Assert.Equal("bufferCount", Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 20_000 * 2, 64)).ParamName);
        ArgumentOutOfRangeException memory = Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 32768, int.MaxValue & ~4095));
        Assert.Equal("bufferSize", memory.ParamName);
        Assert.Contains("memory", memory.Message);
        Assert.Equal("bufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 4, int.MaxValue)).ParamName);
        Assert.Equal(0, _ring.ProvidedBufferRingCount);
        AssertNopRoundTrip();
    }

    private void AssertSurrogate(string parameter, Func<bool> prepare)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => prepare());
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("surrogate", error.Message);
        Assert.Equal(0, _ring.SqPending);
    }

    private void AssertNopRoundTrip()
    {
        Assert.Equal(0, _ring.SqPending);
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(0x0A11_600D)));
        CqeView nop = _ring.WaitOne();
        Assert.Equal(0x0A11_600DUL, nop.Context.Value);
        Assert.Equal(0, nop.Result);
    }

    private static DirectPrep Direct(string method)
    {
        SqeContext c = SqeContext.FromValue(1);
        return method switch
        {
            "Socket" => (r, s) => r.TryPrepareSocket(c, SocketSpec.Tcp4, FileTarget.Slot(s)),
            "Accept" => (r, s) => r.TryPrepareAccept(c, 0, target: FileTarget.Slot(s)),
            "AcceptWithPeer" => (r, s) => r.TryPrepareAccept(c, 0, GC.AllocateArray<SockAddr>(1, pinned: true), target: FileTarget.Slot(s)),
            "OpenAt" => (r, s) => r.TryPrepareOpenAt(c, -100, "/", OpenFlags.ReadOnly, target: FileTarget.Slot(s)),
            "OpenAt2" => (r, s) => r.TryPrepareOpenAt2(c, -100, "/", default, FileTarget.Slot(s)),
            "CloseDirect" => (r, s) => r.TryPrepareCloseDirect(c, s),
            "Pipe" => (r, s) => r.TryPreparePipe(c, GC.AllocateArray<PipeDescriptors>(1, pinned: true), target: FileTarget.Slot(s)),
            "MsgRingFd" => (r, s) => r.TryPrepareMsgRingFd(c, r.RingFd, 0, FileTarget.Slot(s)),
            _ => throw new ArgumentException(method),
        };
    }
}
