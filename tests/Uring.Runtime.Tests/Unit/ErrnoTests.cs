using Xunit;

namespace Uring.Tests.Unit;

public sealed class ErrnoTests
{
    [Theory]
    [InlineData(0, Errno.None)]
    [InlineData(17, Errno.None)]
    [InlineData(-2, Errno.ENOENT)]
    [InlineData(-11, Errno.EAGAIN)]
    [InlineData(-62, Errno.ETIME)]
    [InlineData(-95, Errno.EOPNOTSUPP)]
    [InlineData(-125, Errno.ECANCELED)]
    public void Results_map_to_errno(int result, Errno expected)
        => Assert.Equal(expected, ErrnoExtensions.FromResult(result));

    [Fact]
    public void Aliases_share_values()
    {
        Assert.Equal(Errno.EAGAIN, Errno.EWOULDBLOCK);
        Assert.Equal(Errno.EOPNOTSUPP, Errno.ENOTSUP);
        Assert.Equal(53, (int)Errno.EBADR);
    }

    [Fact]
    public void Descriptions_are_constant_strings()
    {
        Assert.Equal("Timer expired", Errno.ETIME.Describe());
        Assert.Equal("Operation canceled", Errno.ECANCELED.Describe());
        Assert.Same(Errno.ENOENT.Describe(), Errno.ENOENT.Describe());
        Assert.Equal("Unknown error", ((Errno)999).Describe());
    }

    [Fact]
    public void Completion_exceptions_are_new_each_time_so_no_two_throws_share_a_stack_trace()
    {
        UringException first = UringException.ForCompletion(Errno.ECONNRESET);
        Assert.NotSame(first, UringException.ForCompletion(Errno.ECONNRESET));
        Assert.Equal(Errno.ECONNRESET, first.Errno);
        Assert.Equal(-104, first.HResult);
        Assert.Contains("ECONNRESET", first.Message);
    }

    [Fact]
    public void A_completion_view_maps_its_result_without_allocating()
    {
        CqeView failed = new(1, -9, 0);
        Assert.False(failed.IsSuccess);
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        Errno errno = failed.Error;
        long after = System.GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Errno.EBADF, errno);
        Assert.Equal(0, after - before);
        Assert.Throws<UringException>(failed.ThrowIfError);
        new CqeView(1, 5, 0).ThrowIfError();
    }

    [Fact]
    public void Setup_failures_carry_advice()
    {
        UringException memlock = UringException.ForSyscall("io_uring_setup", Errno.ENOMEM);
        Assert.Contains("RLIMIT_MEMLOCK", memlock.Message);
        UringException disabled = UringException.ForSyscall("io_uring_setup", Errno.EPERM);
        Assert.Contains("kernel.io_uring_disabled", disabled.Message);
        Assert.Contains("seccomp", disabled.Message);
        UringException missing = UringException.ForSyscall("io_uring_setup", Errno.ENOSYS);
        Assert.Contains("6.18", missing.Message);
    }
}
