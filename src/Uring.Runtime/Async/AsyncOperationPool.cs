using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>
/// An event loop's <see cref="AsyncOperation"/>s: a free list (LIFO, so a hot source stays in cache) and the
/// index table that turns a completion's <c>user_data</c> back into its source. Sources are rented on any thread
/// (an operation may start anywhere) and returned on any thread (by the awaiter), so both go through one lock;
/// the table is read by the loop without it.
/// </summary>
internal sealed class AsyncOperationPool
{
    private readonly Lock _lock = new();
    private readonly EventLoop _loop;
    private AsyncOperation?[] _byIndex = new AsyncOperation?[64];
    private AsyncOperation?[] _free = new AsyncOperation?[64];
    private int _freeCount;
    private int _created;

    public AsyncOperationPool(EventLoop loop) => _loop = loop;

    /// <summary>Sources created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Sources in the free list.</summary>
    public int Free => Volatile.Read(ref _freeCount);

    /// <summary>A source for a new operation, its generation bumped (a new <c>user_data</c>).</summary>
    /// <exception cref="InvalidOperationException">2^24 operations are outstanding at once.</exception>
    public AsyncOperation Rent()
    {
        lock (_lock)
        {
            AsyncOperation op;
            if (_freeCount > 0)
            {
                op = _free[--_freeCount]!;
                _free[_freeCount] = null;
            }
            else
            {
                op = Create();
            }

            op.Generation = unchecked(op.Generation + 1);
            op.State = AsyncOperationState.Rented;
            return op;
        }
    }

    /// <summary>Back to the free list, reset (its awaiter took the result).</summary>
    public void Return(AsyncOperation op)
    {
        op.Reset();
        lock (_lock)
        {
            if (_freeCount == _free.Length)
            {
                Array.Resize(ref _free, _free.Length * 2);
            }

            _free[_freeCount] = op;
            Volatile.Write(ref _freeCount, _freeCount + 1);
        }
    }

    /// <summary>The source at <paramref name="index"/>, or null for an index no source has (a forged completion). Loop thread, no lock.</summary>
    public AsyncOperation? Find(int index)
    {
        AsyncOperation?[] table = Volatile.Read(ref _byIndex);
        return (uint)index < (uint)table.Length ? table[index] : null;
    }

    /// <summary>Frees every source's native <c>statx</c> buffer and message block (shutdown, after the last completion); returns the bytes freed.</summary>
    public unsafe long FreeNativeBuffers()
    {
        long freed = 0;
        lock (_lock)
        {
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
        }

        return freed;
    }

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
