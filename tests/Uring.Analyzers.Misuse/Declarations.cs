using System;
using static Uring.SqeField;

namespace Uring.Misuse;

#pragma warning disable CS1591 // The misuse is the point; docs are not.

/// <summary>Malformed [UringOp] declarations: URING0100 to URING0112. Each has a body so the build succeeds.</summary>
public static class Declarations
{
    [UringOp(IoUringOp.Nop)]
    public static bool WithBody(this Ring ring, SqeContext context) => true;

    [UringOp(IoUringOp.Nop)]
    public static int ReturnsInt(this Ring ring, SqeContext context) => 0;

    [UringOp(IoUringOp.Nop)]
    public static bool NoContext(this Ring ring) => true;

    [UringOp(IoUringOp.Close)]
    public static bool Unmapped(this Ring ring, SqeContext context, int fd) => true;

    [UringOp(IoUringOp.Nop)]
    public static bool NoRing(SqeContext context) => true;

    [UringOp(IoUringOp.Close)]
    public static bool SameField(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Fd)] int other) => true;

    [UringOp(IoUringOp.Fsync)]
    public static bool FlagNotBool(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1)] int dataSync) => true;

    [UringOp(IoUringOp.Write)]
    public static bool StringBuffer(this Ring ring, SqeContext context, [Sqe(Addr)] string text) => true;

    [UringOp(IoUringOp.Close)]
    public static bool BiasOnSpan(this Ring ring, SqeContext context, [Sqe(Addr, Bias = 1)] [HeldUntilCompletion] Span<byte> buffer) => true;

    [UringOp(IoUringOp.Nop)]
    public static bool Generic<T>(this Ring ring, SqeContext context) => true;

    [UringOp(IoUringOp.UringCmd)]
    public static bool CommandField(this Ring ring, SqeContext context, [Sqe(Cmd)] ulong value) => true;

    [UringOp(IoUringOp.Read)]
    public static bool HeldNotMarked(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] Span<byte> buffer) => true;
}

/// <summary>URING0111: a file-local type cannot be reopened by the generated body.</summary>
file static class LocalOps
{
    [UringOp(IoUringOp.Nop)]
    public static bool InFileLocalType(Ring ring, SqeContext context) => true;
}
