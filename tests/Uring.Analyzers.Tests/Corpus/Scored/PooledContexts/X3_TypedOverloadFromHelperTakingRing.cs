using System;
using Uring;

[UringContext]
public partial struct FetchState
{
    public CompletionHandler Handler;
    public int Fd;
    public int Slot;
}

public static class FetchHandlers
{
    public static int Failures;

    [UringHandler]
    public static void OnRead(Ring ring, in CqeView cqe)
    {
        FetchState.Ref state = FetchState.From(in cqe);
        int slot = state.Slot;
        int fd = state.Fd;
        FetchState.Release(ring, cqe.ExtendedSqe);
        if (!cqe.IsSuccess)
        {
            Failures++;
            Console.Error.WriteLine($"slot {slot} on fd {fd}: {cqe.Error}");
        }
    }
}

public sealed class Fetcher
{
    private readonly byte[] _slots = GC.AllocateArray<byte>(16 * 4096, pinned: true);

    public int Arm(Ring ring, int fd, int count)
    {
        int armed = 0;
        for (int slot = 0; slot < count && slot < 16; slot++)
        {
            if (!ArmOne(ring, fd, slot))
            {
                break;
            }

            armed++;
        }

        return armed;
    }

    private bool ArmOne(Ring ring, int fd, int slot)
    {
        return ring.TryPrepareRead(new FetchState { Handler = FetchState.Handlers.OnRead, Fd = fd, Slot = slot }, fd, _slots.AsSpan(slot * 4096, 4096), (long)slot * 4096);
    }

    public static void Pump(Ring ring, Span<CqeView> batch)
    {
        int n = ring.Reap(batch);
        for (int i = 0; i < n; i++)
        {
            FetchState.Dispatch(ring, in batch[i]);
        }
    }
}
