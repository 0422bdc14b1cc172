using System;
using System.Runtime.InteropServices;
using System.Threading;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Registered buffers and <c>RLIMIT_MEMLOCK</c>, checked against what the kernel does: a ring set up by a
/// thread without <c>CAP_IPC_LOCK</c> has its pinned memory accounted, so buffers beyond the hard limit fail
/// with ENOMEM before anything is allocated (not after committing gigabytes); a ring set up with the capability
/// is not accounted, so the same request is not refused. Capabilities are per thread, so each case runs on a
/// thread of its own, which drops the capability without affecting the other tests.
/// </summary>
public sealed partial class MemlockTests
{
    private const int Mebibyte = 1 << 20;

    [Fact]
    public void Without_cap_ipc_lock_buffers_beyond_the_memlock_limit_fail_before_anything_is_allocated()
    {
        RunOnThread(dropIpcLock: true, () =>
        {
            Assert.False(Syscalls.HasEffectiveCapability(Syscalls.CapIpcLock));
            Assert.Equal(0, Syscalls.GetMemlockLimit(out _, out ulong hard));
            using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
            if (hard == ulong.MaxValue)
            {
                // No limit to exceed on this machine: nothing may be refused.
                ring.RegisterBuffers(16, Mebibyte);
                ring.UnregisterBuffers();
                return;
            }

            long before = Environment.WorkingSet;
            UringException error = Assert.Throws<UringException>(() => ring.RegisterBuffers(2048, Mebibyte));
            Assert.Equal(Errno.ENOMEM, error.Errno);
            Assert.Contains("RLIMIT_MEMLOCK", error.Message);
            Assert.Contains($"{2048L * Mebibyte} bytes", error.Message);
            Assert.Contains($"{hard} bytes", error.Message);
            Assert.Contains("ulimit -l", error.Message);
            Assert.Contains("Nothing was allocated", error.Message);
            Assert.True(Environment.WorkingSet - before < 64L * Mebibyte, "the refused buffers were allocated anyway");
            Assert.Equal(0, ring.RegisteredBufferCount);

            // What the kernel accepts is not refused: half the limit registers.
            AfterEarlierTeardowns(() => ring.RegisterBuffers(1, (int)Math.Min(hard / 2, 64UL * Mebibyte)));
            Assert.Equal(1, ring.RegisteredBufferCount);
            ring.UnregisterBuffers();
            AssertNopRoundTrip(ring);
        });
    }

    [Fact]
    public void With_cap_ipc_lock_the_kernel_does_not_account_and_nothing_is_refused()
    {
        RunOnThread(dropIpcLock: false, () =>
        {
            Assert.Equal(0, Syscalls.GetMemlockLimit(out _, out ulong hard));
            using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
            int count = hard == ulong.MaxValue ? 16 : (int)Math.Min(64, (hard / Mebibyte) + 8);
            if (Syscalls.HasEffectiveCapability(Syscalls.CapIpcLock))
            {
                ring.RegisterBuffers(count, Mebibyte); // beyond the limit, and the kernel takes it
                Assert.Equal(count, ring.RegisteredBufferCount);
                ring.UnregisterBuffers();
            }
            else if (hard != ulong.MaxValue)
            {
                Assert.Equal(Errno.ENOMEM, Assert.Throws<UringException>(() => ring.RegisterBuffers(count, Mebibyte)).Errno);
            }

            AssertNopRoundTrip(ring);
        });
    }

    private static void AssertNopRoundTrip(Ring ring)
    {
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(0x600D)));
        Assert.Equal(0x600DUL, ring.WaitOne().Context.Value);
    }

    /// <summary>Runs <paramref name="body"/> on a new thread, optionally without CAP_IPC_LOCK in its effective set.</summary>
    private static void RunOnThread(bool dropIpcLock, Action body)
    {
        Exception? failure = null;
        TestThread thread = new(() =>
        {
            try
            {
                if (dropIpcLock)
                {
                    DropEffective(Syscalls.CapIpcLock);
                }

                body();
            }
            catch (Exception error)
            {
                failure = error;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new Xunit.Sdk.XunitException($"The test thread failed: {failure}");
        }
    }

    /// <summary>
    /// Runs a registration that fits the limit on its own. The kernel gives back what the rings of earlier cases (on
    /// this user, without CAP_IPC_LOCK) locked only in their deferred teardown, after <c>Dispose</c> returned, so a
    /// refusal by the kernel itself is retried for a while. A refusal by Uring's own check (its message says nothing
    /// was allocated) is never retried: that check must not refuse what fits.
    /// </summary>
    internal static T AfterEarlierTeardowns<T>(Func<T> register)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return register();
            }
            catch (UringException e) when (e.Errno == Errno.ENOMEM && !e.Message.Contains("Nothing was allocated", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <inheritdoc cref="AfterEarlierTeardowns{T}(Func{T})"/>
    internal static void AfterEarlierTeardowns(Action register) => AfterEarlierTeardowns(() =>
    {
        register();
        return true;
    });

    /// <summary>Removes <paramref name="capability"/> from this thread's effective set (capset(2) acts on the calling thread only).</summary>
    private static unsafe void DropEffective(int capability)
    {
        CapHeader header = new() { Version = 0x2008_0522 };
        CapData* data = stackalloc CapData[2];
        Assert.Equal(0, capget(&header, data));
        data[capability >> 5].Effective &= ~(1u << (capability & 31));
        Assert.Equal(0, capset(&header, data));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int capget(CapHeader* header, CapData* data);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int capset(CapHeader* header, CapData* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
