using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Every path (and xattr name) parameter, given text the kernel cannot be handed as it is: an embedded NUL
/// (the kernel would see a shorter, different path), more than PATH_MAX bytes (in ASCII, and in UTF-8
/// bytes from fewer chars), and lone UTF-16 surrogates (UTF-8 encoding would turn them into U+FFFD: a
/// different file). Each is refused with ArgumentException naming the parameter, before anything is queued.
/// An empty path is legitimate input that the kernel answers (ENOENT).
/// </summary>
internal static class PathCases
{
    private sealed record PathParameter(string Op, string Parameter, Func<CaseEnv, string, bool> Prepare, Errno EmptyErrno);

    public static IEnumerable<BadInputCase> All()
    {
        string tooLong = new('x', SqeEncoding.PathMax);
        string tooLongInUtf8 = new('€', (SqeEncoding.PathMax / 3) + 1);     // 1366 chars, 4098 bytes
        string loneHigh = "dir/\uD800name";
        string loneLow = "dir/\uDC00name";
        string reversedPair = "dir/\uDC00\uD800";
        string trailingHigh = "name\uD83D";

        foreach (PathParameter p in Parameters())
        {
            string at = $"{p.Op}: {p.Parameter}";
            yield return Case.Throws<ArgumentException>($"{at} with an embedded NUL", p.Parameter, env => p.Prepare(env, "a\0b"));
            yield return Case.Throws<ArgumentException>($"{at} of PATH_MAX bytes", p.Parameter, env => p.Prepare(env, tooLong));
            yield return Case.Throws<ArgumentException>($"{at} with a lone high surrogate", p.Parameter, env => p.Prepare(env, loneHigh));
            yield return Case.Throws<ArgumentException>($"{at} with a lone low surrogate", p.Parameter, env => p.Prepare(env, loneLow));
            yield return Case.Completes($"{at} empty", p.EmptyErrno, env => p.Prepare(env, string.Empty));
        }

        // The variations matter once: the limit counts UTF-8 bytes, and surrogates must come in order.
        yield return Case.Throws<ArgumentException>("TryPrepareOpenAt: path over PATH_MAX in UTF-8 bytes only", "path", env => env.Ring.TryPrepareOpenAt(env.Tag, -100, tooLongInUtf8, OpenFlags.ReadOnly));
        yield return Case.Throws<ArgumentException>("TryPrepareStatx: path over PATH_MAX in UTF-8 bytes only", "path", env => env.Ring.TryPrepareStatx(env.Tag, -100, tooLongInUtf8, env.StatxResult));
        yield return Case.Throws<ArgumentException>("TryPrepareOpenAt: path with a reversed surrogate pair", "path", env => env.Ring.TryPrepareOpenAt(env.Tag, -100, reversedPair, OpenFlags.ReadOnly));
        yield return Case.Throws<ArgumentException>("TryPrepareOpenAt: path ending in a high surrogate", "path", env => env.Ring.TryPrepareOpenAt(env.Tag, -100, trailingHigh, OpenFlags.ReadOnly));
        yield return Case.Throws<ArgumentException>("TryPrepareRenameAt: newPath ending in a high surrogate", "newPath", env => env.Ring.TryPrepareRenameAt(env.Tag, -100, "a", -100, trailingHigh));
        yield return Case.Throws<ArgumentException>("TryPrepareOpenAt: path with a NUL at the end", "path", env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/tmp\0", OpenFlags.ReadOnly));

        // Boundaries that must not be refused: the longest path the kernel takes, and a valid surrogate pair.
        yield return Case.Completes("TryPrepareOpenAt: path of PATH_MAX - 1 bytes reaches the kernel", Errno.ENAMETOOLONG, env => env.Ring.TryPrepareOpenAt(env.Tag, -100, new string('x', SqeEncoding.PathMax - 1), OpenFlags.ReadOnly));
        yield return Case.Completes("TryPrepareOpenAt: path with a valid surrogate pair reaches the kernel", Errno.ENOENT, env => env.Ring.TryPrepareOpenAt(env.Tag, env.Directory, "\uD83D\uDE00", OpenFlags.ReadOnly));
        yield return Case.Completes("TryPrepareMkdirAt: a name of 256 bytes is the kernel's to refuse", Errno.ENAMETOOLONG, env => env.Ring.TryPrepareMkdirAt(env.Tag, env.Directory, new string('d', 256)));

        // Xattr names are not paths: the kernel limits them to 255 bytes and a known namespace.
        yield return Case.Completes("TryPrepareFGetXattr: name of 256 bytes", Errno.ERANGE, env => env.Ring.TryPrepareFGetXattr(env.Tag, env.File, "user." + new string('n', 251), env.Buffer[..64]));
        yield return Case.Completes("TryPrepareFSetXattr: name without a namespace", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareFSetXattr(env.Tag, env.File, "nonamespace", "v"u8));
        yield return Case.Completes("TryPrepareFSetXattr: value over 64 KiB", Errno.E2BIG, env => env.Ring.TryPrepareFSetXattr(env.Tag, env.File, "user.big", new byte[65537]));

        // A Unix socket address holds at most 107 path bytes and no NUL (an abstract address starts with one on purpose).
        yield return Case.Throws<ArgumentException>("SockAddr.Unix: path of 108 bytes", "path", env => SockAddr.Unix(new string('u', SockAddr.UnixPathCapacity)).Length > 0);
        yield return Case.Throws<ArgumentException>("SockAddr.Unix: path with a lone surrogate", "path", env => SockAddr.Unix("/tmp/\uD800").Length > 0);
        yield return Case.Throws<ArgumentException>("SockAddr.Unix: path with an embedded NUL", "path", env => SockAddr.Unix("/tmp/a\0b").Length > 0);
    }

    private static IEnumerable<PathParameter> Parameters()
    {
        OpenHow readOnly = new(OpenFlags.ReadOnly);
        yield return new("TryPrepareOpenAt", "path", (e, p) => e.Ring.TryPrepareOpenAt(e.Tag, -100, p, OpenFlags.ReadOnly), Errno.ENOENT);
        yield return new("TryPrepareOpenAt(Slot)", "path", (e, p) => e.Ring.TryPrepareOpenAt(e.Tag, -100, p, OpenFlags.ReadOnly, target: FileTarget.Slot(0)), Errno.ENOENT);
        yield return new("TryPrepareOpenAt(AnySlot)", "path", (e, p) => e.Ring.TryPrepareOpenAt(e.Tag, -100, p, OpenFlags.ReadOnly, target: FileTarget.AnySlot), Errno.ENOENT);
        yield return new("TryPrepareOpenAt2", "path", (e, p) => e.Ring.TryPrepareOpenAt2(e.Tag, -100, p, readOnly), Errno.ENOENT);
        yield return new("TryPrepareOpenAt2(Slot)", "path", (e, p) => e.Ring.TryPrepareOpenAt2(e.Tag, -100, p, readOnly, FileTarget.Slot(0)), Errno.ENOENT);
        yield return new("TryPrepareOpenAt2(AnySlot)", "path", (e, p) => e.Ring.TryPrepareOpenAt2(e.Tag, -100, p, readOnly, FileTarget.AnySlot), Errno.ENOENT);
        yield return new("TryPrepareStatx", "path", (e, p) => e.Ring.TryPrepareStatx(e.Tag, -100, p, e.StatxResult), Errno.ENOENT);
        yield return new("TryPrepareMkdirAt", "path", (e, p) => e.Ring.TryPrepareMkdirAt(e.Tag, e.Directory, p), Errno.ENOENT);
        yield return new("TryPrepareUnlinkAt", "path", (e, p) => e.Ring.TryPrepareUnlinkAt(e.Tag, e.Directory, p), Errno.ENOENT);
        yield return new("TryPrepareRenameAt", "oldPath", (e, p) => e.Ring.TryPrepareRenameAt(e.Tag, e.Directory, p, e.Directory, "new"), Errno.ENOENT);
        yield return new("TryPrepareRenameAt", "newPath", (e, p) => e.File >= 0 && e.Ring.TryPrepareRenameAt(e.Tag, e.Directory, "file", e.Directory, p), Errno.ENOENT);
        yield return new("TryPrepareLinkAt", "oldPath", (e, p) => e.Ring.TryPrepareLinkAt(e.Tag, e.Directory, p, e.Directory, "new"), Errno.ENOENT);
        yield return new("TryPrepareLinkAt", "newPath", (e, p) => e.File >= 0 && e.Ring.TryPrepareLinkAt(e.Tag, e.Directory, "file", e.Directory, p), Errno.ENOENT);
        yield return new("TryPrepareSymlinkAt", "target", (e, p) => e.Ring.TryPrepareSymlinkAt(e.Tag, p, e.Directory, "link"), Errno.ENOENT);
        yield return new("TryPrepareSymlinkAt", "linkPath", (e, p) => e.Ring.TryPrepareSymlinkAt(e.Tag, "target", e.Directory, p), Errno.ENOENT);
        yield return new("TryPrepareGetXattr", "path", (e, p) => e.Ring.TryPrepareGetXattr(e.Tag, p, "user.x", e.Buffer[..64]), Errno.ENOENT);
        yield return new("TryPrepareGetXattr", "name", (e, p) => e.File >= 0 && e.Ring.TryPrepareGetXattr(e.Tag, e.TempDirectory + "/file", p, e.Buffer[..64]), Errno.ERANGE);
        yield return new("TryPrepareSetXattr", "path", (e, p) => e.Ring.TryPrepareSetXattr(e.Tag, p, "user.x", "v"u8), Errno.ENOENT);
        yield return new("TryPrepareSetXattr", "name", (e, p) => e.File >= 0 && e.Ring.TryPrepareSetXattr(e.Tag, e.TempDirectory + "/file", p, "v"u8), Errno.ERANGE);
        yield return new("TryPrepareFGetXattr", "name", (e, p) => e.Ring.TryPrepareFGetXattr(e.Tag, e.File, p, e.Buffer[..64]), Errno.ERANGE);
        yield return new("TryPrepareFSetXattr", "name", (e, p) => e.Ring.TryPrepareFSetXattr(e.Tag, e.File, p, "v"u8), Errno.ERANGE);
    }
}
