using System.Runtime.CompilerServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The sizes of the reap views, as the release notes state them: a reap loop's stackalloc'd batch is sized by
/// them, so a change is a breaking change to note, not an accident.
/// </summary>
public sealed class CompletionViewSizeTests
{
    [Fact]
    public void CqeView_and_ExtCqe_are_24_bytes_with_IsForeign_and_DirectCqe_stays_16()
    {
        Assert.Equal(24, Unsafe.SizeOf<CqeView>());
        Assert.Equal(24, Unsafe.SizeOf<ExtendedCqe>());
        Assert.Equal(16, Unsafe.SizeOf<DirectCqe>());
    }
}
