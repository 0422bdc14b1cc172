using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>An awaited operation on the loop allocates nothing in steady state: measured on the loop thread.</summary>
public sealed class EventLoopAllocationTests
{
    private const int RoundTrips = 10_000;

    [Fact]
    public async Task Awaited_nop_round_trips_allocate_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        long allocated = await loop.RunAsync(async () =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                await loop.NopAsync();
            }

            // The quietest of three windows, as Allocations.LeastPerWindow measures (a one-time tier-up on this thread
            // lands in one window only); written out, because an async delegate per window would allocate its own box.
            long least = long.MaxValue;
            for (int window = 0; window < 3 && least != 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < RoundTrips; i++)
                {
                    await loop.NopAsync();
                }

                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return least;
        }).Bounded();

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Awaited_file_read_write_and_delay_round_trips_allocate_nothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"uring-loop-alloc-{Guid.NewGuid():N}");
        await using EventLoop loop = LoopFixtures.Start();
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            byte[] data = new byte[512];
            byte[] back = new byte[512];
            new Random(7).NextBytes(data);
            Memory<byte> readInto = back;
            ReadOnlyMemory<byte> writeFrom = data;

            long allocated = await loop.RunAsync(async () =>
            {
                async ValueTask<int> Cycle(int i)
                {
                    await loop.WriteAsync(file, writeFrom, (i % 8) * 512L);
                    int read = await loop.ReadAsync(file, readInto, (i % 8) * 512L);
                    await loop.DelayAsync(TimeSpan.Zero);
                    return read;
                }

                for (int i = 0; i < 500; i++)
                {
                    await Cycle(i);
                }

                long total = 0;
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < RoundTrips / 2; i++)
                {
                    await loop.WriteAsync(file, writeFrom, (i % 8) * 512L);
                    total += await loop.ReadAsync(file, readInto, (i % 8) * 512L);
                }

                long afterIo = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(512L * (RoundTrips / 2), total);
                return afterIo;
            }).Bounded();

            Assert.Equal(0, allocated);
            Assert.Equal(data, back);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
