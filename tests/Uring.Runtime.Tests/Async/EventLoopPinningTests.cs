using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// How an operation pins its buffer: a plain array through its source's reused handle (the array stays put while the
/// request is pending and is let go at the completion), a pre-pinned array and a memory manager's memory without one;
/// every kind at 0 B per awaited round trip.
/// </summary>
public sealed class EventLoopPinningTests
{
    private const int RoundTrips = 5_000;

    [Fact]
    public async Task A_pending_receive_into_a_plain_array_slice_stays_put_through_compacting_GCs_and_lands_at_its_offset()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            byte[] array = MovableArray(64);
            ValueTask<int> receive = loop.ReceiveAsync(a, array.AsMemory(16, 32));
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the receive is in flight");
            nint address = AddressOf(array);
            ForceCompactingCollections();
            Assert.Equal(address, AddressOf(array));

            Posix.WriteAll(b, "pinned"u8);
            Assert.Equal(6, await receive.Bounded());
            Assert.Equal("pinned"u8.ToArray(), array[16..22]);
            Assert.All(array[..16], value => Assert.Equal(0, value));
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public async Task After_its_completion_an_operation_neither_pins_nor_keeps_alive_its_array()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            // The source that served the receive goes back to the pool; were its handle still aimed at the array, the
            // array would survive the collections below.
            WeakReference array = ReceiveIntoAnArrayNobodyKeeps(loop, a, b);
            for (int i = 0; i < 3 && array.IsAlive; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            Assert.False(array.IsAlive);
            Assert.Equal(0, loop.GetStatistics().SourcesOutstanding);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Theory]
    [InlineData("plain array")]
    [InlineData("pre-pinned array")]
    [InlineData("memory manager")]
    public async Task Socket_round_trips_allocate_nothing_whatever_the_memory(string kind)
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        using IMemoryOwner<byte>? owner = kind == "memory manager" ? PinnedBlockMemoryPool.Default.Rent() : null;
        try
        {
            Memory<byte> buffer = kind switch
            {
                "plain array" => new byte[64].AsMemory(8, 32),
                "pre-pinned array" => MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(64, pinned: true), 8, 32),
                _ => owner!.Memory.Slice(8, 32),
            };
            byte[] back = new byte[32];
            Memory<byte> into = back;

            long allocated = await loop.RunAsync(async () =>
            {
                // Inline awaits only: a helper async method would allocate its own state machine per call.
                const int Warmup = 500;
                long before = 0;
                for (int i = 0; i < Warmup + RoundTrips; i++)
                {
                    if (i == Warmup)
                    {
                        before = GC.GetAllocatedBytesForCurrentThread();
                    }

                    buffer.Span.Fill((byte)i);
                    for (int sent = 0; sent < buffer.Length;)
                    {
                        sent += await loop.SendAsync(a, buffer[sent..]);
                    }

                    for (int received = 0; received < into.Length;)
                    {
                        received += await loop.ReceiveAsync(b, into[received..]);
                    }
                }

                return GC.GetAllocatedBytesForCurrentThread() - before;
            }).Bounded();

            Assert.Equal(0, allocated);
            Assert.Equal(buffer.ToArray(), back);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReceiveIntoAnArrayNobodyKeeps(EventLoop loop, int a, int b)
    {
        byte[] array = new byte[128];
        ValueTask<int> receive = loop.ReceiveAsync(a, array.AsMemory(4));
        Posix.WriteAll(b, "gone"u8);
        Assert.Equal(4, receive.AsTask().Bounded().GetAwaiter().GetResult());
        return new WeakReference(array);
    }

    /// <summary>A plain (movable) array, with garbage allocated before it so a compacting GC has a reason to move things.</summary>
    private static byte[] MovableArray(int length)
    {
        byte[][] before = new byte[256][];
        for (int i = 0; i < before.Length; i++)
        {
            before[i] = new byte[1024];
        }

        byte[] array = new byte[length];
        GC.KeepAlive(before);
        return array;
    }

    private static unsafe nint AddressOf(byte[] array) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    private static void ForceCompactingCollections()
    {
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[16 * 1024];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
