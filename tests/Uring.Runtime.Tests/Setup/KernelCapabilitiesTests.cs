using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>IORING_REGISTER_QUERY, checked against what a real ring's probe and setup report.</summary>
public sealed class KernelCapabilitiesTests
{
    [Fact]
    public void The_query_agrees_with_a_ring_s_probe_and_features()
    {
        KernelRequirement.Require();
        if (!KernelCapabilities.IsQuerySupported)
        {
            NotSupportedException error = Assert.Throws<NotSupportedException>(() => KernelCapabilities.Query());
            Assert.Contains("6.18", error.Message);
            return;
        }

        KernelCapabilities capabilities = KernelCapabilities.Query();
        Assert.Same(capabilities, KernelCapabilities.Query());
        using Ring ring = new(new RingOptions { Entries = 8 });
        Assert.Equal(ring.Features.LastOp + 1, capabilities.RequestOpcodeCount);
        Assert.Equal(ring.Features.KernelFeatures, capabilities.Features);
        Assert.True(capabilities.RegisterOpcodeCount > (int)Interop.RegisterOp.RegisterQuery);
        Assert.True(capabilities.QueryOpcodeCount >= 1);

        // Every flag the default ring was set up with is in the accepted set, and so is every IOSQE flag Uring names.
        Assert.Equal(ring.Features.SetupFlags, ring.Features.SetupFlags & capabilities.SetupFlags);
        Assert.Equal(SqeFlags.FixedFile | SqeFlags.IoDrain | SqeFlags.IoLink | SqeFlags.IoHardLink | SqeFlags.Async | SqeFlags.BufferSelect | SqeFlags.CqeSkipSuccess,
            capabilities.SqeFlags & (SqeFlags)0x7F);
        Assert.NotEqual(0ul, capabilities.EnterFlags & 0x8); // IORING_ENTER_EXT_ARG, which every Wait uses.
    }

    [Fact]
    public void A_kernel_without_the_query_is_reported_as_not_supported()
    {
        Exception einval = KernelCapabilities.Unsupported(Errno.EINVAL);
        Exception ebadf = KernelCapabilities.Unsupported(Errno.EBADF);
        Assert.IsType<NotSupportedException>(einval);
        Assert.IsType<NotSupportedException>(ebadf);
        Assert.Contains("Linux 6.18", einval.Message);
        Assert.IsType<UringException>(KernelCapabilities.Unsupported(Errno.ENOMEM));
    }
}
