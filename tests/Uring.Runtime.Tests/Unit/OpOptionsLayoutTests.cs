using System.Runtime.CompilerServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <see cref="OpOptions"/> is eight bytes on purpose (see its declaration: a six-byte default argument made every prep
/// stall on failed store forwarding), and its fields still land in their SQE bytes through the fast prep path.
/// </summary>
public sealed unsafe class OpOptionsLayoutTests
{
    [Fact]
    public void OpOptions_is_eight_bytes()
        => Assert.Equal(8, Unsafe.SizeOf<OpOptions>());

    [Fact]
    public void Every_option_field_reaches_its_sqe_bytes()
    {
        using Ring ring = DetachedRings.Create();
        OpOptions options = new() { Flags = SqeFlags.IoLink | SqeFlags.Async, IoPriority = 0x4003, Personality = 0x1234 };
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(7), options: options));
        IoUringSqe sqe = ring.LastSqe();
        Assert.Equal((byte)(SqeFlags.IoLink | SqeFlags.Async), sqe.Flags);
        Assert.Equal((ushort)0x4003, sqe.IoPrio);
        Assert.Equal((ushort)0x1234, sqe.Personality);
        Assert.Equal(SqeContext.FromValue(7).Raw, sqe.UserData);
    }
}
