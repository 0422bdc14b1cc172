using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>
/// An event loop's <see cref="AsyncOperation"/>s: free lists (LIFO, so a hot source stays in cache) and the index table
/// that turns a completion's <c>user_data</c> back into its source.
/// </summary>
/// <remarks>
/// Almost every rent and return happens on the loop thread (operations started by code on the loop, awaited there), so
/// the loop has a free list of its own that it uses without any synchronization. Other threads (an operation started
/// or awaited off the loop) use a second list under a lock, which the loop only touches when its own list is empty: it
/// then takes that whole list at once. Creating a source, which grows the index table, also takes the lock. The table
/// is read by the loop without it.
/// </remarks>
internal sealed class AsyncOperationPool
{
    private readonly Lock _lock = new();
    private readonly EventLoop _loop;
    private AsyncOperation?[] _byIndex = new AsyncOperation?[64];

    // The loop thread's own free list: no lock (written by the loop thread only; the count is read by statistics).
    private AsyncOperation?[] _local = new AsyncOperation?[64];
    private int _localCount;

    // Returned on other threads, and rented there: under _lock.
    private AsyncOperation?[] _shared = new AsyncOperation?[16];
    private int _sharedCount;

    private int _created;

    // Set at shutdown: from then on a returned source gives back its pinning handle at once.
    private volatile bool _closed;

    public AsyncOperationPool(EventLoop loop) => _loop = loop;

    /// <summary>Sources created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Sources in the free lists.</summary>
    public int Free => Volatile.Read(ref _localCount) + Volatile.Read(ref _sharedCount);

    /// <summary>A source for a new operation, its generation bumped (a new <c>user_data</c>).</summary>
    /// <exception cref="InvalidOperationException">2^24 operations are outstanding at once.</exception>
    public AsyncOperation Rent()
    {
        AsyncOperation op = _loop.IsOnLoopThread ? RentOnLoop() : RentElsewhere();
        op.Generation = unchecked(op.Generation + 1);
        op.State = AsyncOperationState.Rented;
        return op;
    }

    /// <summary>Back to a free list, reset (its awaiter took the result).</summary>
    public void Return(AsyncOperation op)
    {
        op.Reset();
        if (_loop.IsOnLoopThread && !_closed)
        {
            int count = _localCount;
            if (count == _local.Length)
            {
                Array.Resize(ref _local, count * 2);
            }

            _local[count] = op;
            Volatile.Write(ref _localCount, count + 1);
            return;
        }

        lock (_lock)
        {
            if (_closed)
            {
                op.FreePinHandle();
            }

            if (_sharedCount == _shared.Length)
            {
                Array.Resize(ref _shared, _shared.Length * 2);
            }

            _shared[_sharedCount] = op;
            Volatile.Write(ref _sharedCount, _sharedCount + 1);
        }
    }

    /// <summary>The source at <paramref name="index"/>, or null for an index no source has (a forged completion). Loop thread, no lock.</summary>
    public AsyncOperation? Find(int index)
    {
        AsyncOperation?[] table = Volatile.Read(ref _byIndex);
        return (uint)index < (uint)table.Length ? table[index] : null;
    }

    /// <summary>
    /// Shutdown, on the loop thread after the last completion: frees every source's native <c>statx</c> buffer and message block and the
    /// pinning handles of the sources in the free lists (a source still rented frees its own when it is returned);
    /// returns the native bytes freed.
    /// </summary>
    public unsafe long Close()
    {
        long freed = 0;
        lock (_lock)
        {
            _closed = true;
            for (int i = 0; i < _created; i++)
            {
                AsyncOperation op = _byIndex[i]!;
                if (op.StatxBuffer != null)
                {
                    NativeMemory.AlignedFree(op.StatxBuffer);
                    op.StatxBuffer = null;
                    freed += sizeof(Statx);
                }

                freed += op.FreeMessageBlock();
            }

            for (int i = 0; i < _localCount; i++)
            {
                _local[i]!.FreePinHandle();
            }

            for (int i = 0; i < _sharedCount; i++)
            {
                _shared[i]!.FreePinHandle();
            }
        }

        return freed;
    }

    /// <summary>Loop thread: its own list, refilled from the shared one when empty (one lock for the whole batch).</summary>
    private AsyncOperation RentOnLoop()
    {
        int count = _localCount;
        if (count == 0)
        {
            if (Volatile.Read(ref _sharedCount) == 0)
            {
                lock (_lock)
                {
                    return Create();
                }
            }

            count = TakeShared();
            if (count == 0)
            {
                lock (_lock)
                {
                    return Create();
                }
            }
        }

        count--;
        AsyncOperation op = _local[count]!;
        _local[count] = null;
        Volatile.Write(ref _localCount, count);
        return op;
    }

    /// <summary>Loop thread: moves every source of the shared list to its own; returns its own list's new count.</summary>
    private int TakeShared()
    {
        lock (_lock)
        {
            int count = _localCount;
            int moving = _sharedCount;
            if (count + moving > _local.Length)
            {
                Array.Resize(ref _local, Math.Max(_local.Length * 2, count + moving));
            }

            Array.Copy(_shared, 0, _local, count, moving);
            Array.Clear(_shared, 0, moving);
            Volatile.Write(ref _sharedCount, 0);
            count += moving;
            Volatile.Write(ref _localCount, count);
            return count;
        }
    }

    /// <summary>Any other thread: the shared list, under the lock.</summary>
    private AsyncOperation RentElsewhere()
    {
        lock (_lock)
        {
            if (_sharedCount == 0)
            {
                return Create();
            }

            int count = _sharedCount - 1;
            AsyncOperation op = _shared[count]!;
            _shared[count] = null;
            Volatile.Write(ref _sharedCount, count);
            return op;
        }
    }

    /// <summary>A new source (under the lock).</summary>
    private AsyncOperation Create()
    {
        if (_created > AsyncUserData.MaxIndex)
        {
            throw new InvalidOperationException(
                $"The event loop has {_created} operations outstanding, the most its user_data can name. Await operations before starting more.");
        }

        AsyncOperation op = new(_loop, _created);
        op.Fd = -1;
        if (_created == _byIndex.Length)
        {
            AsyncOperation?[] grown = new AsyncOperation?[_byIndex.Length * 2];
            Array.Copy(_byIndex, grown, _byIndex.Length);
            grown[_created] = op;
            Volatile.Write(ref _byIndex, grown);
        }
        else
        {
            _byIndex[_created] = op;
        }

        Volatile.Write(ref _created, _created + 1);
        return op;
    }
}
