using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>The process-wide count of mapped zero-copy memory is only meaningful while nothing else maps or frees some.</summary>
[CollectionDefinition(nameof(ZeroCopyMemoryCollection), DisableParallelization = true)]
public sealed class ZeroCopyMemoryCollection;

/// <summary>Registration maps its area and refill queue first; every refusal must unmap both.</summary>
[Collection(nameof(ZeroCopyMemoryCollection))]
public sealed class ZeroCopyMemoryLeakTests
{
    [Fact]
    public void A_refused_registration_unmaps_its_area_and_refill_queue()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, Cqe32 = true });
        long before = ZeroCopyMemory.MappedBytes;
        for (int i = 0; i < 3; i++)
        {
            Assert.Throws<NotSupportedException>(() => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = "lo", AreaSize = 1L << 20 }));
        }

        Assert.Equal(before, ZeroCopyMemory.MappedBytes);
    }
}
