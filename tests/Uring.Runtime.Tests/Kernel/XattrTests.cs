using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Extended attributes through the ring, cross-checked with libc <c>getxattr</c>, on a file system the test
/// makes sure supports user xattrs: a private tmpfs it mounts (Linux 6.18's tmpfs supports them; CI runs as root),
/// or, where mounting is not allowed, the temp directory, /tmp or /dev/shm if one of them accepts user xattrs.
/// Otherwise the test fails under URING_REQUIRE_KERNEL=1 (and skips elsewhere), never passes quietly.
/// </summary>
public sealed class XattrTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly List<string> _created = new();
    private TmpfsMount? _tmpfs;

    public void Dispose()
    {
        _ring.Dispose();
        foreach (string path in _created)
        {
            File.Delete(path);
        }

        _tmpfs?.Dispose();
    }

    /// <summary>A new file on a file system where SETXATTR of a user attribute works through the ring.</summary>
    private string FileWithUserXattrs()
    {
        StringBuilder reasons = new();
        _tmpfs = TmpfsMount.TryMount(out string mountFailure);
        if (_tmpfs is not null && TryFileWithUserXattrs(_tmpfs.Path, reasons) is { } onTmpfs)
        {
            return onTmpfs;
        }

        reasons.Append(mountFailure).Append("; ");
        foreach (string directory in new[] { Path.GetTempPath(), "/tmp", "/dev/shm" })
        {
            if (TryFileWithUserXattrs(directory, reasons) is { } path)
            {
                return path;
            }
        }

        KernelRequirement.Unavailable("a file system with user xattrs", reasons.ToString());
        return string.Empty;
    }

    private string? TryFileWithUserXattrs(string directory, StringBuilder reasons)
    {
        if (!Directory.Exists(directory))
        {
            reasons.Append($"{directory}: missing; ");
            return null;
        }

        string path = Path.Combine(directory, "uring-xattr-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "x");
        _created.Add(path);
        int result = _ring.ResultOf(1, _ring.TryPrepareSetXattr(SqeContext.FromValue(1), path, "user.uring.probe", "1"u8));
        if (result == 0)
        {
            return path;
        }

        // Only "this file system has no user xattrs" moves on to the next candidate; anything else is a bug.
        Assert.True(result == -(int)Errno.EOPNOTSUPP, $"SETXATTR failed with {(Errno)(-result)} in {directory}, not EOPNOTSUPP.");
        reasons.Append($"{directory}: {(Errno)(-result)}; ");
        return null;
    }

    [Fact]
    public void As_root_the_tests_run_on_their_own_tmpfs()
    {
        string path = FileWithUserXattrs();
        if (Environment.UserName == "root")
        {
            Assert.NotNull(_tmpfs);
            Assert.StartsWith(_tmpfs!.Path + "/", path, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(_tmpfs);
        }

        Assert.Equal("1", Encoding.ASCII.GetString(Posix.GetXattr(path, "user.uring.probe")));
    }

    [Fact]
    public void Set_then_get_by_path_then_fget_and_fset_by_fd()
    {
        string path = FileWithUserXattrs();

        // The value is staged: the caller's array is scribbled over before the kernel sees the SQE.
        byte[] value = Encoding.ASCII.GetBytes("value-1");
        Assert.True(_ring.TryPrepareSetXattr(SqeContext.FromValue(2), path, "user.uring", value));
        value.AsSpan().Fill((byte)'#');
        Assert.Equal(0, _ring.WaitOne().Result);
        Assert.Equal("value-1", Encoding.ASCII.GetString(Posix.GetXattr(path, "user.uring")));

        using NativeBuffer buffer = new(64);
        Assert.Equal(7, _ring.ResultOf(3, _ring.TryPrepareGetXattr(SqeContext.FromValue(3), path, "user.uring", buffer.Span)));
        Assert.Equal("value-1", Encoding.ASCII.GetString(buffer.Span[..7]));
        Assert.Equal(7, _ring.ResultOf(4, _ring.TryPrepareGetXattr(SqeContext.FromValue(4), path, "user.uring", Span<byte>.Empty)));
        Assert.Equal(-(int)Errno.ERANGE, _ring.ResultOf(5, _ring.TryPrepareGetXattr(SqeContext.FromValue(5), path, "user.uring", buffer.Span[..3])));
        Assert.Equal(-(int)Errno.ENODATA, _ring.ResultOf(6, _ring.TryPrepareGetXattr(SqeContext.FromValue(6), path, "user.absent", buffer.Span)));

        using FileStream stream = new(path, FileMode.Open, FileAccess.ReadWrite);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        buffer.Span.Clear();
        Assert.Equal(7, _ring.ResultOf(7, _ring.TryPrepareFGetXattr(SqeContext.FromValue(7), fd, "user.uring", buffer.Span)));
        Assert.Equal("value-1", Encoding.ASCII.GetString(buffer.Span[..7]));

        Assert.Equal(0, _ring.ResultOf(8, _ring.TryPrepareFSetXattr(SqeContext.FromValue(8), fd, "user.other", "second"u8, XattrFlags.Create)));
        Assert.Equal(-(int)Errno.EEXIST, _ring.ResultOf(9, _ring.TryPrepareFSetXattr(SqeContext.FromValue(9), fd, "user.other", "again"u8, XattrFlags.Create)));
        Assert.Equal(-(int)Errno.ENODATA, _ring.ResultOf(10, _ring.TryPrepareFSetXattr(SqeContext.FromValue(10), fd, "user.missing", "x"u8, XattrFlags.Replace)));
        Assert.Equal(0, _ring.ResultOf(11, _ring.TryPrepareFSetXattr(SqeContext.FromValue(11), fd, "user.other", "third!"u8, XattrFlags.Replace)));
        Assert.Equal("third!", Encoding.ASCII.GetString(Posix.GetXattr(path, "user.other")));
        Assert.Equal(6, _ring.ResultOf(12, _ring.TryPrepareGetXattr(SqeContext.FromValue(12), path, "user.other", buffer.Span)));

        // An empty value is a valid attribute of length 0.
        Assert.Equal(0, _ring.ResultOf(13, _ring.TryPrepareFSetXattr(SqeContext.FromValue(13), fd, "user.empty", ReadOnlySpan<byte>.Empty)));
        Assert.Empty(Posix.GetXattr(path, "user.empty"));
        Assert.Equal(0, _ring.ResultOf(14, _ring.TryPrepareFGetXattr(SqeContext.FromValue(14), fd, "user.empty", buffer.Span)));
    }

    [Fact]
    public void A_value_larger_than_the_inline_staging_spills_and_arrives_intact()
    {
        string path = FileWithUserXattrs();
        byte[] large = new byte[2000];
        for (int i = 0; i < large.Length; i++)
        {
            large[i] = (byte)(i * 13);
        }

        Assert.Equal(0, _ring.ResultOf(20, _ring.TryPrepareSetXattr(SqeContext.FromValue(20), path, "user.large", large)));
        using NativeBuffer buffer = new(4096);
        Assert.Equal(2000, _ring.ResultOf(21, _ring.TryPrepareGetXattr(SqeContext.FromValue(21), path, "user.large", buffer.Span)));
        Assert.True(buffer.Span[..2000].SequenceEqual(large));
    }

    [Fact]
    public void Xattr_names_that_are_not_user_attributes_or_too_long_are_refused_by_the_kernel()
    {
        string path = FileWithUserXattrs();
        Assert.Equal(-(int)Errno.ERANGE, _ring.ResultOf(30, _ring.TryPrepareSetXattr(SqeContext.FromValue(30), path, "user." + new string('n', 300), "x"u8)));
        Assert.Equal(-(int)Errno.EOPNOTSUPP, _ring.ResultOf(31, _ring.TryPrepareSetXattr(SqeContext.FromValue(31), path, "nonamespace", "x"u8)));
    }
}
