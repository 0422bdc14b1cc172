using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Registered-file slots and registered-buffer indexes. A slot is stored as <c>file_index = slot + 1</c>, so
/// uint.MaxValue would wrap to 0 (an ordinary fd) and uint.MaxValue - 1 become <c>IORING_FILE_INDEX_ALLOC</c>:
/// both must be refused, by <see cref="FileTarget.Slot(uint)"/> for every op that creates a file and by
/// TryPrepareCloseDirect, also through the typed-context overloads (which must then put their rented context
/// back). Kinds of target an op cannot take are refused before anything is reserved. Slots the ring's table
/// does not have get the kernel's errno.
/// </summary>
internal static class SlotCases
{
    private sealed record SlotOp(string Op, string Parameter, Func<CaseEnv, SqeContext, uint, bool> Prepare, Func<CaseEnv, uint, bool> TryPrepareTyped);

    public static IEnumerable<BadInputCase> All()
    {
        foreach (SlotOp op in SlotOps())
        {
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}: {op.Parameter} uint.MaxValue", op.Parameter, env => op.Prepare(env, env.Tag, uint.MaxValue));
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}: {op.Parameter} uint.MaxValue - 1 (the ALLOC sentinel)", op.Parameter, env => op.Prepare(env, env.Tag, uint.MaxValue - 1));
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}<TContext>: {op.Parameter} uint.MaxValue", op.Parameter, env => op.TryPrepareTyped(env, uint.MaxValue));
        }

        foreach (BadInputCase refused in RefusedTargetCases())
        {
            yield return refused;
        }

        foreach (BadInputCase table in FileTableCases())
        {
            yield return table;
        }

        foreach (BadInputCase buffer in RegisteredBufferCases())
        {
            yield return buffer;
        }
    }

    private static ProbeContext Probe => new() { Counter = new ProbeCounter(), Value = 1 };

    /// <summary>Every op that takes a slot: the file-creating ops through <see cref="FileTarget.Slot(uint)"/> (parameter "slot"), and TryPrepareCloseDirect.</summary>
    private static IEnumerable<SlotOp> SlotOps()
    {
        yield return new("TryPrepareSocket(Slot)", "slot", (e, c, s) => e.Ring.TryPrepareSocket(c, SocketSpec.Tcp4, FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareSocket(Probe, SocketSpec.Tcp4, FileTarget.Slot(s)));
        yield return new("TryPrepareAccept(Slot)", "slot", (e, c, s) => e.Ring.TryPrepareAccept(c, e.SocketA, target: FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareAccept(Probe, e.SocketA, target: FileTarget.Slot(s)));
        yield return new("TryPrepareAccept(peer, Slot)", "slot", (e, c, s) => e.Ring.TryPrepareAccept(c, e.SocketA, e.Peer, target: FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareAccept(Probe, e.SocketA, e.Peer, target: FileTarget.Slot(s)));
        yield return new("TryPrepareOpenAt(Slot)", "slot", (e, c, s) => e.Ring.TryPrepareOpenAt(c, -100, "/", OpenFlags.ReadOnly, target: FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareOpenAt(Probe, -100, "/", OpenFlags.ReadOnly, target: FileTarget.Slot(s)));
        yield return new("TryPrepareOpenAt2(Slot)", "slot", (e, c, s) => e.Ring.TryPrepareOpenAt2(c, -100, "/", new OpenHow(OpenFlags.ReadOnly), FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareOpenAt2(Probe, -100, "/", new OpenHow(OpenFlags.ReadOnly), FileTarget.Slot(s)));
        yield return new("TryPreparePipe(Slot)", "slot", (e, c, s) => e.Ring.TryPreparePipe(c, e.PipeResult, target: FileTarget.Slot(s)), (e, s) => e.Ring.TryPreparePipe(Probe, e.PipeResult, target: FileTarget.Slot(s)));
        yield return new("TryPrepareMsgRingFd(Slot)", "slot", (e, c, s) => e.Ring.TryPrepareMsgRingFd(c, e.Other.RingFd, 0, FileTarget.Slot(s)), (e, s) => e.Ring.TryPrepareMsgRingFd(Probe, e.Other.RingFd, 0, FileTarget.Slot(s)));
        yield return new("TryPrepareCloseDirect", "slot", (e, c, s) => e.Ring.TryPrepareCloseDirect(c, s), (e, s) => e.Ring.TryPrepareCloseDirect(Probe, s));
    }

    /// <summary>
    /// A kind of target the op cannot take (the kernel would answer EINVAL) throws before anything is reserved,
    /// and the typed-context overload puts its rented context back.
    /// </summary>
    private static IEnumerable<BadInputCase> RefusedTargetCases()
    {
        yield return Case.Throws<ArgumentException>("TryPrepareAcceptMultishot: a fixed slot", "target", env => env.Ring.TryPrepareAcceptMultishot(env.Tag, env.SocketA, target: FileTarget.Slot(0)));
        yield return Case.Throws<ArgumentException>("TryPrepareAcceptMultishot<TContext>: a fixed slot", "target", env => env.Ring.TryPrepareAcceptMultishot(Probe, env.SocketA, target: FileTarget.Slot(0)));
        yield return Case.Throws<ArgumentException>("TryPrepareMsgRingFd: a descriptor target", "target", env => env.Ring.TryPrepareMsgRingFd(env.Tag, env.Other.RingFd, 0, FileTarget.Descriptor));
        yield return Case.Throws<ArgumentException>("TryPrepareMsgRingFd<TContext>: a descriptor target", "target", env => env.Ring.TryPrepareMsgRingFd(Probe, env.Other.RingFd, 0, default));
    }

    /// <summary>Slots the kernel checks against the ring's file table.</summary>
    private static IEnumerable<BadInputCase> FileTableCases()
    {
        static void Sparse4(CaseEnv env) => env.Ring.RegisterFilesSparse(4);
        OpOptions fixedFile = OpOptions.FixedFile;

        // No file table at all.
        yield return Case.Completes("TryPrepareRead FixedFile: slot 0 without a file table", Errno.EBADF, env => env.Ring.TryPrepareRead(env.Tag, 0, env.Buffer, options: fixedFile));
        yield return Case.Completes("TryPrepareCloseDirect: slot 0 without a file table", Errno.ENXIO, env => env.Ring.TryPrepareCloseDirect(env.Tag, 0));
        yield return Case.Completes("TryPrepareOpenAt(Slot): slot 0 without a file table", Errno.ENXIO, env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/", OpenFlags.ReadOnly, target: FileTarget.Slot(0)));
        yield return Case.Completes("TryPrepareSocket(Slot): slot 0 without a file table", Errno.ENXIO, env => env.Ring.TryPrepareSocket(env.Tag, SocketSpec.Tcp4, FileTarget.Slot(0)));
        yield return Case.Completes("TryPrepareSocket(AnySlot): without a file table", Errno.ENFILE, env => env.Ring.TryPrepareSocket(env.Tag, SocketSpec.Tcp4, FileTarget.AnySlot));
        yield return Case.Completes("TryPreparePipe(AnySlot): without a file table", Errno.ENFILE, env => env.Ring.TryPreparePipe(env.Tag, env.PipeResult, target: FileTarget.AnySlot));
        yield return Case.Completes("TryPrepareFixedFdInstall: slot 0 without a file table", Errno.EBADF, env => env.Ring.TryPrepareFixedFdInstall(env.Tag, 0));
        yield return Case.Completes("TryPrepareFilesUpdate: without a file table", Errno.ENXIO, env => env.Ring.TryPrepareFilesUpdate(env.Tag, [env.PipeRead], 0));
        yield return Case.Completes("TryPrepareMsgRingFd: sourceSlot 0 without a file table", Errno.EBADF, env => env.Ring.TryPrepareMsgRingFd(env.Tag, env.Other.RingFd, 0, FileTarget.Slot(0)));

        // A sparse table of 4 slots: slot 4 is past its end, slot 3 is empty.
        yield return new BadInputCase("TryPrepareRead FixedFile: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareRead(env.Tag, 4, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareRead FixedFile: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareRead(env.Tag, 3, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareRead FixedFile: slot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareRead(env.Tag, -1, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareCloseDirect: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.TryPrepareCloseDirect(env.Tag, 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareCloseDirect: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareCloseDirect(env.Tag, 3)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareOpenAt(Slot): slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/", OpenFlags.ReadOnly, target: FileTarget.Slot(4))) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareSocket(Slot): slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.TryPrepareSocket(env.Tag, SocketSpec.Tcp4, FileTarget.Slot(4))) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFixedFdInstall: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareFixedFdInstall(env.Tag, 3)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFixedFdInstall: slot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareFixedFdInstall(env.Tag, -1)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFilesUpdate: offset 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.TryPrepareFilesUpdate(env.Tag, [env.PipeRead], 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFilesUpdate: fd -3", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareFilesUpdate(env.Tag, [-3], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFilesUpdate: a closed fd", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareFilesUpdate(env.Tag, [env.ClosedFd], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareFilesUpdate: the ring's own fd", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareFilesUpdate(env.Tag, [env.Ring.RingFd], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareMsgRingFd: an empty sourceSlot", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareMsgRingFd(env.Tag, env.Other.RingFd, 3, FileTarget.Slot(0))) { Arrange = Sparse4 };
        yield return new BadInputCase("TryPrepareMsgRingFd: sourceSlot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.TryPrepareMsgRingFd(env.Tag, env.Other.RingFd, -1, FileTarget.Slot(0))) { Arrange = Sparse4 };
    }

    /// <summary>Registered-buffer indexes and ranges, checked by the runtime before anything is queued.</summary>
    private static IEnumerable<BadInputCase> RegisteredBufferCases()
    {
        static void TwoBuffers(CaseEnv env) => env.Ring.RegisterBuffers(2, 4096);

        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareReadFixed: bufferIndex without registered buffers", "bufferIndex", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, 0, 16));
        yield return new BadInputCase("TryPrepareReadFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareReadFixed: bufferIndex -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, -1, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareWriteFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareWriteFixed(env.Tag, env.PipeWrite, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareReadvFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareReadvFixed(env.Tag, env.PipeRead, 2, env.Vectors)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareWritevFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareWritevFixed(env.Tag, env.PipeWrite, 2, env.Vectors)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareReadFixed<TContext>: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.TryPrepareReadFixed(Probe, env.PipeRead, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("Multicast.Prepare: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 2, 0, 16) > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("Multicast.Prepare (aggressive): bufferIndex -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], -1, 0, 16, thresholds: MulticastThresholds.Aggressive) > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("RegisteredBuffer: index 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "index"), env => env.Ring.RegisteredBuffer(2).Length > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("RegisteredBuffer: index -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "index"), env => env.Ring.RegisteredBuffer(-1).Length > 0) { Arrange = TwoBuffers };

        // The kernel checks the index of a fixed-buffer send itself (the runtime passes it as given).
        yield return Case.Completes("TryPrepareSendZcFixed: bufferIndex without registered buffers", Errno.EFAULT, env => env.Ring.TryPrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 0));
        yield return new BadInputCase("TryPrepareSendZcFixed: bufferIndex 2 of 2", new Expectation.Completes(Errno.EFAULT), env => env.Ring.TryPrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 2)) { Arrange = TwoBuffers };
        yield return new BadInputCase("TryPrepareSendZcFixed: a buffer outside the registered one", new Expectation.Completes(Errno.EFAULT), env => env.Ring.TryPrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 0)) { Arrange = TwoBuffers };
    }
}
