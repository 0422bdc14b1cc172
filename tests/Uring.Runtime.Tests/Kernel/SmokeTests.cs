using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

public sealed class SmokeTests
{
    [Fact]
    public void Nop_completes_with_the_injected_result()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.PrepareNop(SqeContext.FromValue(42), NopFlags.InjectResult, result: 1234));
        CqeView cqe = ring.WaitOne();
        Assert.Equal(1234, cqe.Result);
        Assert.Equal(42UL, cqe.Context.Value);
    }
}
