using System;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// The operation pool: the loop rents and returns on its own free list, sources returned on other threads go to a
/// shared one that the loop takes over when its own runs dry, so no path creates sources it does not need.
/// </summary>
public sealed class EventLoopPoolTests
{
    [Fact]
    public async Task Sources_returned_off_the_loop_are_reused_on_it_and_on_other_threads()
    {
        EventLoop loop = LoopFixtures.Start();
        try
        {
            // Started and awaited on thread-pool threads: rented from and returned to the shared list.
            await Task.Run(async () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    await loop.NopAsync();
                }
            }).Bounded();
            int createdOffLoop = loop.GetStatistics().SourcesCreated;
            Assert.InRange(createdOffLoop, 1, 4);
            Assert.Equal(createdOffLoop, loop.GetStatistics().SourcesPooled);

            // On the loop: its own list is empty, so it takes the shared one instead of creating sources.
            await loop.RunAsync(async () =>
            {
                ValueTask[] batch = new ValueTask[createdOffLoop];
                for (int round = 0; round < 100; round++)
                {
                    for (int i = 0; i < batch.Length; i++)
                    {
                        batch[i] = loop.NopAsync();
                    }

                    foreach (ValueTask nop in batch)
                    {
                        await nop;
                    }
                }
            }).Bounded();
            Assert.Equal(createdOffLoop, loop.GetStatistics().SourcesCreated);

            // Started on the loop, awaited elsewhere (returned to the shared list), and the other way round.
            for (int i = 0; i < 50; i++)
            {
                ValueTask started = await loop.RunAsync(() => Task.FromResult(loop.NopAsync())).Bounded();
                await started.Bounded();
                await loop.RunAsync(async () => await loop.NopAsync()).Bounded();
            }

            Assert.InRange(loop.GetStatistics().SourcesCreated, createdOffLoop, createdOffLoop + 2);
        }
        finally
        {
            await loop.DisposeAsync();
        }

        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
    }
}
