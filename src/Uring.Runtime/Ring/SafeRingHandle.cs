using System;
using System.Runtime.InteropServices;
using Uring.Interop;

namespace Uring;

/// <summary>Owns a ring file descriptor and closes it exactly once.</summary>
internal sealed class SafeRingHandle : SafeHandle
{
    public SafeRingHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Syscalls.Close((int)handle.ToInt64()) == 0;
}
