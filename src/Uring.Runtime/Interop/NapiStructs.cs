using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary>
/// <c>struct io_uring_napi</c> (16 bytes) in its 6.18 shape (liburing still shows the older <c>pad[3]</c> + u64 <c>resv</c>):
/// the argument of <c>IORING_REGISTER_NAPI</c> / <c>IORING_UNREGISTER_NAPI</c>, which the kernel overwrites with the
/// settings that were in force before the call.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct NapiRegister
{
    /// <summary>+0: the busy-poll time in microseconds.</summary>
    [FieldOffset(0)] public uint BusyPollTimeout;

    /// <summary>+4: prefer busy polling (<c>SO_PREFER_BUSY_POLL</c> semantics).</summary>
    [FieldOffset(4)] public byte PreferBusyPoll;

    /// <summary>+5: <c>IO_URING_NAPI_*_OP</c>.</summary>
    [FieldOffset(5)] public byte Opcode;

    /// <summary>+8: with <see cref="NapiOps.Register"/> the tracking strategy; with the static-id ops the NAPI id.</summary>
    [FieldOffset(8)] public uint OpParam;
}

/// <summary><c>IO_URING_NAPI_*</c> opcodes of <see cref="NapiRegister.Opcode"/>.</summary>
internal static class NapiOps
{
    /// <summary><c>IO_URING_NAPI_REGISTER_OP</c>: set the busy-poll settings and tracking strategy.</summary>
    public const byte Register = 0;

    /// <summary><c>IO_URING_NAPI_STATIC_ADD_ID</c>.</summary>
    public const byte StaticAddId = 1;

    /// <summary><c>IO_URING_NAPI_STATIC_DEL_ID</c>.</summary>
    public const byte StaticDeleteId = 2;
}
