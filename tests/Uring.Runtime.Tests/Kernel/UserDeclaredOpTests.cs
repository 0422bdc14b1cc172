using System;
using System.Runtime.InteropServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Ops a user declares with [UringOp] get the same generated bodies as the runtime's own.</summary>
public static partial class UserOps
{
    /// <summary>A NOP that completes with <paramref name="result"/>.</summary>
    [UringOp(IoUringOp.Nop, Fd = -1, OpFlags = (uint)NopFlags.InjectResult)]
    public static partial bool TryPrepareEcho(this Ring ring, SqeContext context, [Sqe(SqeField.Len)] int result, in OpOptions options = default);

    /// <summary>A NOP carrying inline command bytes (the kernel ignores them; the bytes are checked in the SQE).</summary>
    [UringOp(IoUringOp.Nop, Fd = -1)]
    public static partial bool TryPrepareNopWithCommand(this Ring ring, SqeContext context, [Sqe(SqeField.Cmd)] ReadOnlySpan<byte> command);

    /// <summary>A NOP whose staged struct's Length lands in <c>len</c> (the sockaddr pattern).</summary>
    [UringOp(IoUringOp.Nop, Fd = -1)]
    public static partial bool TryPrepareNopWithBlob(this Ring ring, SqeContext context, [Sqe(SqeField.Addr, Staged = true, LengthField = SqeField.Off)] in Blob blob);
}

/// <summary>A small struct with a Length, staged by value.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Blob
{
    public long Payload;

    public int Length;
}

public sealed class UserDeclaredOpTests
{
    [Fact]
    public void A_user_declared_op_runs_on_the_kernel()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareEcho(SqeContext.FromValue(5), 4321));
        CqeView cqe = ring.WaitOne();
        Assert.Equal(4321, cqe.Result);
        Assert.Equal(5UL, cqe.Context.Value);
    }

    [Fact]
    public void Command_bytes_are_copied_inline_and_checked_against_the_sqe_size()
    {
        using Ring ring = DetachedRings.Create();
        byte[] command = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        Assert.True(ring.TryPrepareNopWithCommand(SqeContext.FromValue(1), command));
        Assert.Equal(command, ring.LastSqeBytes()[48..64]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareNopWithCommand(SqeContext.FromValue(1), new byte[17]));
        Assert.Contains("Sqe128", error.Message);
        Assert.Equal(1, ring.SqPending);

        using Ring wide = DetachedRings.Create(new RingOptions { Sqe128 = true });
        Assert.True(wide.TryPrepareNopWithCommand(SqeContext.FromValue(1), new byte[80]));
        Assert.Throws<ArgumentException>(() => wide.TryPrepareNopWithCommand(SqeContext.FromValue(1), new byte[81]));
    }

    [Fact]
    public unsafe void A_staged_struct_carries_its_length()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryPrepareNopWithBlob(SqeContext.FromValue(1), new Blob { Payload = 99, Length = 12 }));
        IoUringSqe sqe = ring.LastSqe();
        Assert.Equal(12UL, sqe.Off);
        Assert.Equal(99, ((Blob*)sqe.Addr)->Payload);
    }
}
