using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring.Misuse;

/// <summary>Buffer-lifetime misuse: URING0001 to URING0008 and URING0013.</summary>
public sealed unsafe class Lifetime
{
    private readonly List<CqeView> _kept = new();

    /// <summary>URING0001: stack memory and a plain array handed to a read.</summary>
    public void StackAndArray(Ring ring, int fd)
    {
        Span<byte> stack = stackalloc byte[64];
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, stack);
        ring.TryPrepareRead(SqeContext.FromValue(2), fd, new byte[64].AsSpan());
    }

    /// <summary>URING0002: native memory freed while the read is in flight.</summary>
    public void FreedEarly(Ring ring, int fd)
    {
        byte* buffer = (byte*)NativeMemory.Alloc(64);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(buffer, 64));
        NativeMemory.Free(buffer);
    }

    /// <summary>URING0002: a cancellation callback gives a pooled buffer back while the read may be in flight.</summary>
    public void ReturnedOnCancel(Ring ring, int fd, CancellationToken token, CqeView[] completions)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsMemory(0, 64));
        using CancellationTokenRegistration registration = token.Register(() => ArrayPool<byte>.Shared.Return(buffer));
        ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
    }

    /// <summary>URING0003: the buffer being sent is written.</summary>
    public void WrittenInFlight(Ring ring, int fd)
    {
        byte[] buffer = GC.AllocateArray<byte>(64, pinned: true);
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, buffer.AsSpan());
        buffer[0] = 1;
    }

    /// <summary>URING0004: completion views kept past the reap loop.</summary>
    public void KeepsViews(Ring ring, CqeView[] completions)
    {
        int n = ring.Reap(completions);
        for (int i = 0; i < n; i++)
        {
            _kept.Add(completions[i]);
        }
    }

    /// <summary>URING0005: a provided buffer dropped on the early return.</summary>
    public void DropsBuffer(Ring ring, CqeView cqe, bool skip)
    {
        ProvidedBuffer buffer = ring.Take(cqe);
        if (skip)
        {
            return;
        }

        ring.Recycle(buffer);
    }

    /// <summary>URING0006 and URING0007: a context leaked, another returned twice.</summary>
    public void Contexts(Ring ring, bool bail)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe leaked) || bail)
        {
            return;
        }

        leaked.UserData[0] = 1;
        if (ring.TryRentExtendedSqe(out ExtendedSqe twice))
        {
            ring.ReturnExtendedSqe(twice);
            ring.ReturnExtendedSqe(twice);
        }
    }

    /// <summary>URING0013: a provided buffer read after it was recycled.</summary>
    public int ReadsRecycled(ProvidedBufferRing group, CqeView cqe)
    {
        Uring.ProvidedBuffer buffer = group.Take(cqe);
        group.Recycle(buffer);
        return buffer.Data.Length;
    }

    /// <summary>URING0008: waiting forever for a write whose success posts nothing.</summary>
    public void WaitsForWrite(int fd, CqeView[] completions)
    {
        using Ring ring = new Ring();
        ring.Start();
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, GC.AllocateArray<byte>(8, pinned: true).AsSpan());
        ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
    }
}

/// <summary>A stand-in for a provided buffer, marked the way the runtime marks its own.</summary>
public struct ProvidedBuffer
{
    /// <summary>The buffer id.</summary>
    public int Id;
}

/// <summary>A stand-in buffer-ring API.</summary>
public static class BufferRing
{
    /// <summary>Takes the provided buffer a completion used.</summary>
    [LendsProvidedBuffer]
    public static ProvidedBuffer Take(this Ring ring, CqeView cqe) => new() { Id = cqe.BufferId };

    /// <summary>Gives it back.</summary>
    [RecyclesProvidedBuffer]
    public static void Recycle(this Ring ring, ProvidedBuffer buffer)
    {
    }
}
