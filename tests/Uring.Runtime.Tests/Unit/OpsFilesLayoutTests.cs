using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Structs of the files/transfer/poll/epoll/futex/waitid families against their kernel layouts.</summary>
public sealed class OpsFilesLayoutTests
{
    [Fact]
    public void OpenHow_is_three_u64()
    {
        Assert.Equal(24, Unsafe.SizeOf<OpenHow>());
        Assert.Equal(OpenHow.Size, Unsafe.SizeOf<OpenHow>());
        Assert.Equal(0, (int)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Flags)));
        Assert.Equal(8, (int)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Mode)));
        Assert.Equal(16, (int)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Resolve)));
    }

    [Fact]
    public void EpollEvent_is_packed_on_x86_64()
    {
        Assert.Equal(12, Unsafe.SizeOf<EpollEvent>());
        Assert.Equal(EpollEvent.Size, Unsafe.SizeOf<EpollEvent>());
        Assert.Equal(0, (int)Marshal.OffsetOf<EpollEvent>(nameof(EpollEvent.Events)));
        Assert.Equal(4, (int)Marshal.OffsetOf<EpollEvent>(nameof(EpollEvent.Data)));
    }

    [Fact]
    public void FutexWaitV_is_24_bytes()
    {
        Assert.Equal(24, Unsafe.SizeOf<FutexWaitV>());
        Assert.Equal(0, (int)Marshal.OffsetOf<FutexWaitV>(nameof(FutexWaitV.Value)));
        Assert.Equal(8, (int)Marshal.OffsetOf<FutexWaitV>(nameof(FutexWaitV.Address)));
        Assert.Equal(16, (int)Marshal.OffsetOf<FutexWaitV>(nameof(FutexWaitV.Flags)));
    }

    [Fact]
    public void SignalInfo_is_128_bytes_with_the_sigchld_fields_in_place()
    {
        Assert.Equal(128, Unsafe.SizeOf<SignalInfo>());
        Assert.Equal(0, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Signal)));
        Assert.Equal(4, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Errno)));
        Assert.Equal(8, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Code)));
        Assert.Equal(16, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Pid)));
        Assert.Equal(20, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Uid)));
        Assert.Equal(24, (int)Marshal.OffsetOf<SignalInfo>(nameof(SignalInfo.Status)));
    }

    [Fact]
    public void PipeDescriptors_is_int_pair()
    {
        Assert.Equal(8, Unsafe.SizeOf<PipeDescriptors>());
        Assert.Equal(4, (int)Marshal.OffsetOf<PipeDescriptors>(nameof(PipeDescriptors.Write)));
    }

    [Fact]
    public void Constants_match_the_uapi()
    {
        Assert.Equal(0x80000000u, (uint)SpliceFlags.InputFdFixed);
        Assert.Equal(1u, (uint)PollFlags.AddMultishot);
        Assert.Equal(2u, (uint)PollFlags.UpdateEvents);
        Assert.Equal(4u, (uint)PollFlags.UpdateUserData);
        Assert.Equal(8u, (uint)PollFlags.AddLevel);
        Assert.Equal(0x82u, (uint)FutexFlags.PrivateU32);
        Assert.Equal(0xFFFFFFFFu, Futex.MatchAny);
        Assert.Equal(128, Futex.WaitVMax);
        Assert.Equal(0x01000000u, (uint)WaitOptions.NoWait);
        Assert.Equal(3u, (uint)IdType.PidFd);
    }
}
