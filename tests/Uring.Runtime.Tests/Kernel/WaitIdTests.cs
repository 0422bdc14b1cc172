using System;
using System.Diagnostics;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// waitid through the ring. Children are started with <c>posix_spawn</c>, which the .NET runtime does not
/// track: its SIGCHLD handler reaps only the children <see cref="Process"/> started, so these stay ours to
/// wait for. (A <see cref="Process"/> child races the runtime's reaper; see the last test.)
/// </summary>
public sealed class WaitIdTests : IDisposable
{
    private const int SigChld = 17;
    private readonly Ring _ring = TestRings.Started();
    private readonly SignalInfo[] _info = GC.AllocateArray<SignalInfo>(1, pinned: true);

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void Waiting_for_a_pid_reports_its_exit_status()
    {
        int pid = Posix.Spawn("/bin/sh", "-c", "exit 7");
        Assert.Equal(0, _ring.ResultOf(1, _ring.TryPrepareWaitId(SqeContext.FromValue(1), IdType.Pid, pid, _info)));
        Assert.Equal(SigChld, _info[0].Signal);
        Assert.Equal(ChildCode.Exited, _info[0].ChildCode);
        Assert.Equal(pid, _info[0].Pid);
        Assert.Equal(7, _info[0].Status);

        // Reaped: it is no longer a child.
        Assert.Equal(-(int)Errno.ECHILD, _ring.ResultOf(2, _ring.TryPrepareWaitId(SqeContext.FromValue(2), IdType.Pid, pid, _info)));
    }

    [Fact]
    public void Waiting_through_a_pidfd_reports_its_exit_status()
    {
        int pid = Posix.Spawn("/bin/sh", "-c", "exit 3");
        int pidfd = Posix.PidfdOpen(pid); // works on a zombie too: nothing but this test reaps the child
        try
        {
            Assert.True(pidfd >= 0, $"pidfd_open failed: {(Errno)(-pidfd)}");
            Assert.Equal(0, _ring.ResultOf(3, _ring.TryPrepareWaitId(SqeContext.FromValue(3), IdType.PidFd, pidfd, _info)));
            Assert.Equal(pid, _info[0].Pid);
            Assert.Equal(ChildCode.Exited, _info[0].ChildCode);
            Assert.Equal(3, _info[0].Status);
        }
        finally
        {
            Posix.CloseQuietly(ref pidfd);
        }
    }

    [Fact]
    public void A_killed_child_reports_the_signal()
    {
        int pid = Posix.Spawn("/bin/sleep", "30");
        Assert.True(_ring.TryPrepareWaitId(SqeContext.FromValue(4), IdType.Pid, pid, _info));
        _ring.Submit();
        Assert.Equal(0, Posix.Kill(pid, Posix.SigKill));
        Assert.Equal(0, _ring.WaitOne().Result);
        Assert.Equal(ChildCode.Killed, _info[0].ChildCode);
        Assert.Equal(Posix.SigKill, _info[0].Status);
    }

    [Fact]
    public void NoWait_leaves_the_child_waitable_and_NoHang_reports_nothing_yet()
    {
        int pid = Posix.Spawn("/bin/sleep", "30");
        bool reaped = false;
        try
        {
            _info[0].Signal = -1;
            Assert.Equal(0, _ring.ResultOf(5, _ring.TryPrepareWaitId(SqeContext.FromValue(5), IdType.Pid, pid, _info, WaitOptions.Exited | WaitOptions.NoHang)));
            Assert.Equal(0, _info[0].Signal);
            Assert.Equal(0, _info[0].Pid);

            Assert.True(_ring.TryPrepareWaitId(SqeContext.FromValue(6), IdType.Pid, pid, _info, WaitOptions.Exited | WaitOptions.NoWait));
            _ring.Submit();
            Assert.Equal(0, Posix.Kill(pid, Posix.SigKill));
            Assert.Equal(0, _ring.WaitOne().Result);
            Assert.Equal(pid, _info[0].Pid);

            // Still a zombie: a second, reaping wait sees it again.
            _info[0] = default;
            Assert.Equal(0, _ring.ResultOf(7, _ring.TryPrepareWaitId(SqeContext.FromValue(7), IdType.Pid, pid, _info)));
            reaped = true;
            Assert.Equal(pid, _info[0].Pid);
            Assert.Equal(ChildCode.Killed, _info[0].ChildCode);
        }
        finally
        {
            if (!reaped)
            {
                Posix.Kill(pid, Posix.SigKill);
                Posix.ReapQuietly(pid);
            }
        }
    }

    [Fact]
    public void Waiting_for_a_process_that_is_not_a_child_fails_with_echild()
    {
        Assert.Equal(-(int)Errno.ECHILD, _ring.ResultOf(8, _ring.TryPrepareWaitId(SqeContext.FromValue(8), IdType.Pid, Environment.ProcessId, _info)));
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(9, _ring.TryPrepareWaitId(SqeContext.FromValue(9), IdType.Pid, 1, _info, WaitOptions.None)));
    }

    [Fact]
    public void A_pending_wait_can_be_cancelled()
    {
        int pid = Posix.Spawn("/bin/sleep", "30");
        try
        {
            Assert.True(_ring.TryPrepareWaitId(SqeContext.FromValue(10), IdType.Pid, pid, _info));
            _ring.Submit();
            Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(11), SqeContext.FromValue(10).Raw));
            CqeView[] both = _ring.WaitMany(2);
            Assert.Equal(1, both.Single(c => c.Context.Value == 11).Result); // 6.18 counts cancelled waitids, like futex waits
            Assert.Equal(Errno.ECANCELED, both.Single(c => c.Context.Value == 10).Error);
        }
        finally
        {
            Posix.Kill(pid, Posix.SigKill);
            Posix.ReapQuietly(pid);
        }
    }

    [Fact]
    public void A_process_started_by_dotnet_is_observed_without_reaping_it()
    {
        // System.Diagnostics.Process reaps its children from its SIGCHLD handler. A reaping waitid would steal
        // the exit status from Process (measured: WaitForExit then never returns), and the runtime can reap
        // first (measured: -ECHILD for a child that exits at once). The cooperative pattern: open a pidfd while
        // the child is alive, arm WNOWAIT before it can exit, and let Process reap it.
        ProcessStartInfo start = new("/bin/sh", ["-c", "read x; exit 7"]) { RedirectStandardInput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        int pidfd = Posix.PidfdOpen(process.Id);
        try
        {
            Assert.True(pidfd >= 0, $"pidfd_open failed: {(Errno)(-pidfd)}");
            Assert.True(_ring.TryPrepareWaitId(SqeContext.FromValue(12), IdType.PidFd, pidfd, _info, WaitOptions.Exited | WaitOptions.NoWait));
            _ring.Submit();
            process.StandardInput.Close();
            CqeView cqe = _ring.WaitOne();

            // Either the ring saw the exit first, or the runtime reaped the child before the ring looked.
            if (cqe.IsSuccess)
            {
                Assert.Equal(process.Id, _info[0].Pid);
                Assert.Equal(7, _info[0].Status);
            }
            else
            {
                Assert.Equal(Errno.ECHILD, cqe.Error);
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)));
            Assert.Equal(7, process.ExitCode);
        }
        finally
        {
            Posix.CloseQuietly(ref pidfd);
        }
    }
}
