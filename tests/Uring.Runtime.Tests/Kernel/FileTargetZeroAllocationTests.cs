using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Creating files into registered slots allocates nothing in the steady state: the target, the socket spec and
/// the close-on-exec rule are values, and openat2's staged copy with the bit cleared lives on the stack.
/// </summary>
public sealed class FileTargetZeroAllocationTests
{
    [Fact]
    public void Sockets_and_files_created_in_slots_and_closed_again_allocate_nothing()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        ring.RegisterFilesSparse(4);
        OpenHow how = new(OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec);
        CqeView[] one = new CqeView[1];

        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                bool ok = ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Udp4, FileTarget.Slot(2)) && Reap(ring, one) == 0
                    && ring.TryPrepareCloseDirect(SqeContext.FromValue(2), 2) && Reap(ring, one) == 0
                    && ring.TryPrepareOpenAt2(SqeContext.FromValue(3), FileDescriptors.CurrentDirectory, "/", how, FileTarget.AnySlot);
                int slot = ok ? Reap(ring, one) : -1;
                ok = ok && slot is >= 0 and <= 3 && ring.TryPrepareCloseDirect(SqeContext.FromValue(4), (uint)slot) && Reap(ring, one) == 0;
                if (!ok)
                {
                    throw new InvalidOperationException($"round {round}, iteration {i}: a step failed (slot {slot})");
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    /// <summary>One completion's result; no assertion here, since the test framework's comparers allocate.</summary>
    private static int Reap(Ring ring, CqeView[] one)
    {
        if (ring.Wait(one, 1, TimeSpan.FromSeconds(10)) != 1 || one[0].Result < 0)
        {
            throw new InvalidOperationException("request failed or timed out");
        }

        return one[0].Result;
    }
}
