// The cases misuse taken buffers on purpose (taken and never recycled, recycled twice).
#pragma warning disable URING0005

using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Provided-buffer groups: selecting from a group that does not exist or is empty (the kernel's ENOBUFS),
/// registering a group twice, and misusing a group's buffers (taking from the wrong group, recycling
/// twice, ids out of range, a disposed group).
/// </summary>
internal static class BufferGroupCases
{
    private const ushort Group = 5;

    public static IEnumerable<BadInputCase> All()
    {
        static void DataInSocket(CaseEnv env) => CaseFds.Write(env.SocketB, "0123456789abcdef"u8);
        static void DataInPipe(CaseEnv env) => CaseFds.Write(env.PipeWrite, "0123456789abcdef"u8);

        yield return new BadInputCase("TryPrepareRecvBufferSelect: a group that does not exist", new Expectation.Completes(Errno.ENOBUFS), env => env.Ring.TryPrepareRecvBufferSelect(env.Tag, env.SocketA, 77)) { Arrange = DataInSocket };
        yield return new BadInputCase("TryPrepareRecvMultishot: a group that does not exist", new Expectation.Completes(Errno.ENOBUFS), env => env.Ring.TryPrepareRecvMultishot(env.Tag, env.SocketA, 77)) { Arrange = DataInSocket };
        yield return new BadInputCase("TryPrepareRecvBundle: a group that does not exist", new Expectation.Completes(Errno.ENOENT), env => env.Ring.TryPrepareRecvBundle(env.Tag, env.SocketA, 77)) { Arrange = DataInSocket };
        yield return new BadInputCase("TryPrepareReadBufferSelect: a group that does not exist", new Expectation.Completes(Errno.ENOBUFS), env => env.Ring.TryPrepareReadBufferSelect(env.Tag, env.PipeRead, 77)) { Arrange = DataInPipe };
        yield return new BadInputCase("TryPrepareReadMultishot: a group that does not exist", new Expectation.Completes(Errno.ENOBUFS), env => env.Ring.TryPrepareReadMultishot(env.Tag, env.PipeRead, 77)) { Arrange = DataInPipe };
        yield return new BadInputCase("TryPrepareRecvBufferSelect: a group with every buffer taken", new Expectation.Completes(Errno.ENOBUFS), env => env.Ring.TryPrepareRecvBufferSelect(env.Tag, env.SocketA, Group))
        {
            Arrange = env =>
            {
                env.Ring.RegisterProvidedBufferRing(Group, 1, 64);
                DataInSocket(env);
                Must(env.Ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(3), env.SocketA, Group, maxLength: 4));
                Must(CaseRunner.WaitForValue(env.Ring, 3, "arrange").Result == 4);
            },
        };
        yield return new BadInputCase("RegisterProvidedBufferRing: a group id already registered", new Expectation.Throws(typeof(UringException), null, Errno.EEXIST), env => env.Ring.RegisterProvidedBufferRing(Group, 4, 64) is null)
        {
            Arrange = env => env.Ring.RegisterProvidedBufferRing(Group, 4, 64),
        };

        // Taking and recycling.
        yield return Taken("Take: a completion that selected from another group", typeof(ArgumentException), "completion", (env, group, other) =>
        {
            CqeView fromOther = ReceiveInto(env, other.GroupId);
            group.Take(in fromOther);
        });
        yield return Taken("Take: a completion that selected no buffer", typeof(ArgumentException), "flags", (env, group, _) => group.Take(16, CqeFlags.None));
        yield return Taken("Take: more bytes than the buffer holds", typeof(InvalidOperationException), null, (env, group, _) => group.Take(65, CqeFlags.Buffer));
        yield return Taken("TakeBundle: more bytes than the group has provided", typeof(InvalidOperationException), null, (env, group, _) => group.TakeBundle(64 * 5, CqeFlags.Buffer));
        yield return Taken("Recycle of a buffer still provided", typeof(InvalidOperationException), null, (env, group, _) => group.Recycle(0));
        yield return Taken("Recycle twice", typeof(InvalidOperationException), null, (env, group, _) =>
        {
            ProvidedBuffer buffer = group.Take(16, CqeFlags.Buffer);
            group.Recycle(in buffer);
#pragma warning disable URING0007 // the case under test: the runtime must refuse the second recycle
            group.Recycle(buffer.Id);
#pragma warning restore URING0007
        });
        yield return Taken("Recycle of another group's bundle", typeof(ArgumentException), "bundle", (env, group, other) =>
        {
            ProvidedBufferBundle bundle = other.TakeBundle(16, CqeFlags.Buffer);
            group.Recycle(in bundle);
        });
        yield return Taken("Add: buffer id past the group", typeof(ArgumentOutOfRangeException), "bufferId", (env, group, _) => group.Add(4));
        yield return Taken("GetBuffer: buffer id past the group", typeof(ArgumentOutOfRangeException), "bufferId", (env, group, _) => group.GetBuffer(4));
        yield return Taken("IsProvided: buffer id past the group", typeof(ArgumentOutOfRangeException), "bufferId", (env, group, _) => group.IsProvided(ushort.MaxValue));

        // A disposed group: its memory is gone, so every use fails, including reading a buffer taken before.
        yield return Disposed("Take from a disposed group", group => group.Take(16, CqeFlags.Buffer));
        yield return Disposed("GetBuffer of a disposed group", group => group.GetBuffer(0));
        yield return Disposed("Recycle into a disposed group", group => group.Recycle(0));
        yield return Disposed("ReadKernelHead of a disposed group", group => group.ReadKernelHead());
        yield return Case.Throws<ObjectDisposedException>("Reading a taken buffer after its group was disposed", null, env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(Group, 4, 64);
            ProvidedBuffer buffer = group.Take(16, CqeFlags.Buffer);
            group.Dispose();
            return buffer.Data[0] == 0;
        }, disposedObjectName: "ProvidedBufferRing");
        yield return Case.Ok("Dispose a group twice", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(Group, 4, 64);
            group.Dispose();
            group.Dispose();
            return group.IsDisposed && !env.Ring.TryGetProvidedBufferRing(Group, out _);
        });
    }

    private static BadInputCase Taken(string name, Type exception, string? parameter, Action<CaseEnv, ProvidedBufferRing, ProvidedBufferRing> act)
        => new(name, new Expectation.Throws(exception, parameter), env =>
        {
            env.Ring.TryGetProvidedBufferRing(Group, out ProvidedBufferRing? group);
            env.Ring.TryGetProvidedBufferRing(Group + 1, out ProvidedBufferRing? other);
            act(env, group!, other!);
            return true;
        })
        {
            Arrange = env =>
            {
                env.Ring.RegisterProvidedBufferRing(Group, 4, 64);
                env.Ring.RegisterProvidedBufferRing(Group + 1, 4, 64);
            },
        };

    private static BadInputCase Disposed(string name, Action<ProvidedBufferRing> act)
        => new(name, new Expectation.Throws(typeof(ObjectDisposedException), null), env =>
        {
            env.Ring.TryGetProvidedBufferRing(Group, out ProvidedBufferRing? group);
            group!.Dispose();
            act(group);
            return true;
        })
        {
            Arrange = env => env.Ring.RegisterProvidedBufferRing(Group, 4, 64),
            DisposedObjectName = "ProvidedBufferRing",
        };

    /// <summary>A real receive that selected a buffer from <paramref name="group"/>.</summary>
    private static CqeView ReceiveInto(CaseEnv env, ushort group)
    {
        CaseFds.Write(env.SocketB, "0123456789abcdef"u8);
        Must(env.Ring.TryPrepareRecvBufferSelect(SqeContext.ForFd(env.SocketA), env.SocketA, group));
        CqeView cqe = CaseRunner.WaitForAny(env.Ring);
        Must(cqe.Result == 16 && cqe.HasBuffer);
        return cqe;
    }

    private static void Must(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Arrangement failed.");
        }
    }
}
