using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

/// <summary>
/// A private tmpfs mounted on a fresh temporary directory (<c>mount(2)</c>; needs CAP_SYS_ADMIN, which CI has as
/// root), unmounted and removed on dispose. Linux 6.18's tmpfs supports <c>user.*</c> extended attributes.
/// </summary>
internal sealed partial class TmpfsMount : IDisposable
{
    private const ulong MsNoSuid = 2;
    private const ulong MsNoDev = 4;
    private const int MntDetach = 2;
    private bool _mounted;

    private TmpfsMount(string path)
    {
        Path = path;
        _mounted = true;
    }

    public string Path { get; }

    /// <summary>Mounts a 16 MiB tmpfs, or returns null with the errno when the kernel refuses (not privileged).</summary>
    public static TmpfsMount? TryMount(out string failure)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uring-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        if (mount("tmpfs", path, "tmpfs", MsNoSuid | MsNoDev, "size=16m,mode=0700") != 0)
        {
            failure = $"mount -t tmpfs on {path}: {(Errno)Marshal.GetLastPInvokeError()}";
            Directory.Delete(path);
            return null;
        }

        failure = string.Empty;
        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        if (!_mounted)
        {
            return;
        }

        _mounted = false;
        if (umount2(Path, MntDetach) != 0)
        {
            throw new InvalidOperationException($"umount {Path}: {(Errno)Marshal.GetLastPInvokeError()}");
        }

        Directory.Delete(Path);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string fileSystemType, ulong flags, string data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
