using System.Threading.Tasks;
using Uring.Analyzers.Buffers;
using Uring.Analyzers.Tests.Support;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer>;

namespace Uring.Analyzers.Tests.Lifetime;

public sealed class UnstableMemoryTests
{
    [Fact]
    public Task Stackalloc_passed_to_a_read_is_reported() => V.Diagnostics("""
        class C
        {
            void M(Ring ring, int fd)
            {
                Span<byte> buffer = stackalloc byte[64];
                ring.PrepareRead(SqeContext.FromValue(1), fd, {|URING0001:buffer|});
            }
        }
        """);
}
