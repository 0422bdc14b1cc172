using System;

namespace Uring.Interop;

/// <summary><c>IORING_ENTER_*</c> flags for <c>io_uring_enter(2)</c>.</summary>
[Flags]
internal enum EnterFlags : uint
{
    None = 0,
    GetEvents = 1u << 0,
    SqWakeup = 1u << 1,
    SqWait = 1u << 2,
    ExtArg = 1u << 3,
    RegisteredRing = 1u << 4,
    AbsTimer = 1u << 5,
    ExtArgReg = 1u << 6,
    NoIoWait = 1u << 7,
}

/// <summary>Flag words the kernel keeps in the mapped SQ ring (<c>IORING_SQ_*</c>).</summary>
[Flags]
internal enum SqRingFlags : uint
{
    None = 0,
    NeedWakeup = 1u << 0,
    CqOverflow = 1u << 1,
    TaskRun = 1u << 2,
}

/// <summary><c>io_uring_register(2)</c> opcodes used by the runtime (Linux 6.18 table).</summary>
internal enum RegisterOp : uint
{
    RegisterBuffers = 0,
    UnregisterBuffers = 1,
    RegisterFiles = 2,
    UnregisterFiles = 3,
    RegisterEventFd = 4,
    UnregisterEventFd = 5,
    RegisterFilesUpdate = 6,
    RegisterEventFdAsync = 7,
    RegisterProbe = 8,
    RegisterPersonality = 9,
    UnregisterPersonality = 10,
    RegisterRestrictions = 11,
    RegisterEnableRings = 12,
    RegisterFiles2 = 13,
    RegisterFilesUpdate2 = 14,
    RegisterBuffers2 = 15,
    RegisterBuffersUpdate = 16,
    RegisterIowqAff = 17,
    UnregisterIowqAff = 18,
    RegisterIowqMaxWorkers = 19,
    RegisterRingFds = 20,
    UnregisterRingFds = 21,
    RegisterPbufRing = 22,
    UnregisterPbufRing = 23,
    RegisterSyncCancel = 24,
    RegisterFileAllocRange = 25,
    RegisterPbufStatus = 26,
    RegisterNapi = 27,
    UnregisterNapi = 28,
    RegisterClock = 29,
    RegisterCloneBuffers = 30,
    RegisterSendMsgRing = 31,
    RegisterZcrxIfq = 32,
    RegisterResizeRings = 33,
    RegisterMemRegion = 34,
    RegisterQuery = 35,
}

/// <summary><c>IORING_OFF_*</c>: mmap offsets on the ring fd.</summary>
internal static class MmapOffsets
{
    public const long SqRing = 0;
    public const long CqRing = 0x8000000;
    public const long Sqes = 0x10000000;
    public const long PbufRing = 0x80000000;
    public const int PbufShift = 16;
}
