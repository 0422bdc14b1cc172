using Xunit;

namespace Uring.Tests.Support;

/// <summary>
/// Tests that assert a descriptor <em>number</em> is closed (<c>Posix.IsOpen(fd)</c> is false after a close)
/// race with every parallel test that opens files, pipes or rings: the kernel hands out the lowest free
/// number, so another thread can reuse it between the close and the check. Classes in this collection run
/// alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FdNumberingCollection
{
    public const string Name = "fd numbering";
}
