using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Registered-file slots and registered-buffer indexes. Every <c>*Direct(slot)</c> op writes
/// <c>file_index = slot + 1</c>, so uint.MaxValue would wrap to 0 (an ordinary fd) and uint.MaxValue - 1 to
/// <c>IORING_FILE_INDEX_ALLOC</c>: both must be refused, also through the typed-context overloads (which
/// must then put their rented context back). Slots the ring's table does not have get the kernel's errno.
/// </summary>
internal static class SlotCases
{
    private sealed record SlotOp(string Op, string Parameter, Func<CaseEnv, SqeContext, uint, bool> Prepare, Func<CaseEnv, uint, bool> PrepareTyped);

    public static IEnumerable<BadInputCase> All()
    {
        foreach (SlotOp op in SlotOps())
        {
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}: {op.Parameter} uint.MaxValue", op.Parameter, env => op.Prepare(env, env.Tag, uint.MaxValue));
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}: {op.Parameter} uint.MaxValue - 1 (the ALLOC sentinel)", op.Parameter, env => op.Prepare(env, env.Tag, uint.MaxValue - 1));
            yield return Case.Throws<ArgumentOutOfRangeException>($"{op.Op}<TContext>: {op.Parameter} uint.MaxValue", op.Parameter, env => op.PrepareTyped(env, uint.MaxValue));
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

    private static IEnumerable<SlotOp> SlotOps()
    {
        yield return new("PrepareAcceptDirect", "slot", (e, c, s) => e.Ring.PrepareAcceptDirect(c, e.SocketA, s), (e, s) => e.Ring.PrepareAcceptDirect(Probe, e.SocketA, s));
        yield return new("PrepareOpenAtDirect", "slot", (e, c, s) => e.Ring.PrepareOpenAtDirect(c, -100, "/", OpenFlags.ReadOnly, s), (e, s) => e.Ring.PrepareOpenAtDirect(Probe, -100, "/", OpenFlags.ReadOnly, s));
        yield return new("PrepareOpenAt2Direct", "slot", (e, c, s) => e.Ring.PrepareOpenAt2Direct(c, -100, "/", new OpenHow(OpenFlags.ReadOnly), s), (e, s) => e.Ring.PrepareOpenAt2Direct(Probe, -100, "/", new OpenHow(OpenFlags.ReadOnly), s));
        yield return new("PrepareCloseDirect", "slot", (e, c, s) => e.Ring.PrepareCloseDirect(c, s), (e, s) => e.Ring.PrepareCloseDirect(Probe, s));
        yield return new("PreparePipeDirect", "slot", (e, c, s) => e.Ring.PreparePipeDirect(c, e.PipeResult, s), (e, s) => e.Ring.PreparePipeDirect(Probe, e.PipeResult, s));
        yield return new("PrepareSocketDirect", "slot", (e, c, s) => e.Ring.PrepareSocketDirect(c, SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp, s), (e, s) => e.Ring.PrepareSocketDirect(Probe, SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp, s));
        yield return new("PrepareTcp4SocketDirect", "slot", (e, c, s) => e.Ring.PrepareTcp4SocketDirect(c, s), (e, s) => e.Ring.PrepareTcp4SocketDirect(Probe, s));
        yield return new("PrepareTcp6SocketDirect", "slot", (e, c, s) => e.Ring.PrepareTcp6SocketDirect(c, s), (e, s) => e.Ring.PrepareTcp6SocketDirect(Probe, s));
        yield return new("PrepareUdp4SocketDirect", "slot", (e, c, s) => e.Ring.PrepareUdp4SocketDirect(c, s), (e, s) => e.Ring.PrepareUdp4SocketDirect(Probe, s));
        yield return new("PrepareUdp6SocketDirect", "slot", (e, c, s) => e.Ring.PrepareUdp6SocketDirect(c, s), (e, s) => e.Ring.PrepareUdp6SocketDirect(Probe, s));
        yield return new("PrepareUdpLite4SocketDirect", "slot", (e, c, s) => e.Ring.PrepareUdpLite4SocketDirect(c, s), (e, s) => e.Ring.PrepareUdpLite4SocketDirect(Probe, s));
        yield return new("PrepareUdpLite6SocketDirect", "slot", (e, c, s) => e.Ring.PrepareUdpLite6SocketDirect(c, s), (e, s) => e.Ring.PrepareUdpLite6SocketDirect(Probe, s));
        yield return new("PrepareSctp4SocketDirect", "slot", (e, c, s) => e.Ring.PrepareSctp4SocketDirect(c, s), (e, s) => e.Ring.PrepareSctp4SocketDirect(Probe, s));
        yield return new("PrepareSctp6SocketDirect", "slot", (e, c, s) => e.Ring.PrepareSctp6SocketDirect(c, s), (e, s) => e.Ring.PrepareSctp6SocketDirect(Probe, s));
        yield return new("PrepareUnixSocketDirect", "slot", (e, c, s) => e.Ring.PrepareUnixSocketDirect(c, s), (e, s) => e.Ring.PrepareUnixSocketDirect(Probe, s));
        yield return new("PrepareMsgRingFd", "targetSlot", (e, c, s) => e.Ring.PrepareMsgRingFd(c, e.Other.RingFd, 0, s), (e, s) => e.Ring.PrepareMsgRingFd(Probe, e.Other.RingFd, 0, s));
    }

    /// <summary>Slots the kernel checks against the ring's file table.</summary>
    private static IEnumerable<BadInputCase> FileTableCases()
    {
        static void Sparse4(CaseEnv env) => env.Ring.RegisterFilesSparse(4);
        OpOptions fixedFile = OpOptions.FixedFile;

        // No file table at all.
        yield return Case.Completes("PrepareRead FixedFile: slot 0 without a file table", Errno.EBADF, env => env.Ring.PrepareRead(env.Tag, 0, env.Buffer, options: fixedFile));
        yield return Case.Completes("PrepareCloseDirect: slot 0 without a file table", Errno.ENXIO, env => env.Ring.PrepareCloseDirect(env.Tag, 0));
        yield return Case.Completes("PrepareOpenAtDirect: slot 0 without a file table", Errno.ENXIO, env => env.Ring.PrepareOpenAtDirect(env.Tag, -100, "/", OpenFlags.ReadOnly, 0));
        yield return Case.Completes("PrepareTcp4SocketDirect: slot 0 without a file table", Errno.ENXIO, env => env.Ring.PrepareTcp4SocketDirect(env.Tag, 0));
        yield return Case.Completes("PrepareTcp4SocketDirectAlloc: without a file table", Errno.ENFILE, env => env.Ring.PrepareTcp4SocketDirectAlloc(env.Tag));
        yield return Case.Completes("PreparePipeDirectAlloc: without a file table", Errno.ENFILE, env => env.Ring.PreparePipeDirectAlloc(env.Tag, env.PipeResult));
        yield return Case.Completes("PrepareFixedFdInstall: slot 0 without a file table", Errno.EBADF, env => env.Ring.PrepareFixedFdInstall(env.Tag, 0));
        yield return Case.Completes("PrepareFilesUpdate: without a file table", Errno.ENXIO, env => env.Ring.PrepareFilesUpdate(env.Tag, [env.PipeRead], 0));
        yield return Case.Completes("PrepareMsgRingFd: sourceSlot 0 without a file table", Errno.EBADF, env => env.Ring.PrepareMsgRingFd(env.Tag, env.Other.RingFd, 0, 0));

        // A sparse table of 4 slots: slot 4 is past its end, slot 3 is empty.
        yield return new BadInputCase("PrepareRead FixedFile: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareRead(env.Tag, 4, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareRead FixedFile: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareRead(env.Tag, 3, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareRead FixedFile: slot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareRead(env.Tag, -1, env.Buffer, options: fixedFile)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareCloseDirect: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.PrepareCloseDirect(env.Tag, 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareCloseDirect: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareCloseDirect(env.Tag, 3)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareOpenAtDirect: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.PrepareOpenAtDirect(env.Tag, -100, "/", OpenFlags.ReadOnly, 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareTcp4SocketDirect: slot 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.PrepareTcp4SocketDirect(env.Tag, 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFixedFdInstall: an empty slot", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareFixedFdInstall(env.Tag, 3)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFixedFdInstall: slot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareFixedFdInstall(env.Tag, -1)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFilesUpdate: offset 4 of a 4-slot table", new Expectation.Completes(Errno.EINVAL), env => env.Ring.PrepareFilesUpdate(env.Tag, [env.PipeRead], 4)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFilesUpdate: fd -3", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareFilesUpdate(env.Tag, [-3], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFilesUpdate: a closed fd", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareFilesUpdate(env.Tag, [env.ClosedFd], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareFilesUpdate: the ring's own fd", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareFilesUpdate(env.Tag, [env.Ring.RingFd], 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareMsgRingFd: an empty sourceSlot", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareMsgRingFd(env.Tag, env.Other.RingFd, 3, 0)) { Arrange = Sparse4 };
        yield return new BadInputCase("PrepareMsgRingFd: sourceSlot -1", new Expectation.Completes(Errno.EBADF), env => env.Ring.PrepareMsgRingFd(env.Tag, env.Other.RingFd, -1, 0)) { Arrange = Sparse4 };
    }

    /// <summary>Registered-buffer indexes and ranges, checked by the runtime before anything is queued.</summary>
    private static IEnumerable<BadInputCase> RegisteredBufferCases()
    {
        static void TwoBuffers(CaseEnv env) => env.Ring.RegisterBuffers(2, 4096);

        yield return Case.Throws<ArgumentOutOfRangeException>("PrepareReadFixed: bufferIndex without registered buffers", "bufferIndex", env => env.Ring.PrepareReadFixed(env.Tag, env.PipeRead, 0, 0, 16));
        yield return new BadInputCase("PrepareReadFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareReadFixed(env.Tag, env.PipeRead, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareReadFixed: bufferIndex -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareReadFixed(env.Tag, env.PipeRead, -1, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareWriteFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareWriteFixed(env.Tag, env.PipeWrite, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareReadvFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareReadvFixed(env.Tag, env.PipeRead, 2, env.Vectors)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareWritevFixed: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareWritevFixed(env.Tag, env.PipeWrite, 2, env.Vectors)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareReadFixed<TContext>: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => env.Ring.PrepareReadFixed(Probe, env.PipeRead, 2, 0, 16)) { Arrange = TwoBuffers };
        yield return new BadInputCase("Multicast.Prepare: bufferIndex 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 2, 0, 16) > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("Multicast.Prepare (aggressive): bufferIndex -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "bufferIndex"), env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], -1, 0, 16, thresholds: MulticastThresholds.Aggressive) > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("RegisteredBuffer: index 2 of 2", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "index"), env => env.Ring.RegisteredBuffer(2).Length > 0) { Arrange = TwoBuffers };
        yield return new BadInputCase("RegisteredBuffer: index -1", new Expectation.Throws(typeof(ArgumentOutOfRangeException), "index"), env => env.Ring.RegisteredBuffer(-1).Length > 0) { Arrange = TwoBuffers };

        // The kernel checks the index of a fixed-buffer send itself (the runtime passes it as given).
        yield return Case.Completes("PrepareSendZcFixed: bufferIndex without registered buffers", Errno.EFAULT, env => env.Ring.PrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 0));
        yield return new BadInputCase("PrepareSendZcFixed: bufferIndex 2 of 2", new Expectation.Completes(Errno.EFAULT), env => env.Ring.PrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 2)) { Arrange = TwoBuffers };
        yield return new BadInputCase("PrepareSendZcFixed: a buffer outside the registered one", new Expectation.Completes(Errno.EFAULT), env => env.Ring.PrepareSendZcFixed(env.Tag, env.Udp, env.Buffer[..16], 0)) { Arrange = TwoBuffers };
    }
}
