using System.Threading;

namespace Uring;

// The loop's provided buffers (ProvidedBufferPool): created on the loop thread when a connection first receives into
// them, torn down with the ring, their memory freed when the last lent buffer came back.
public sealed partial class EventLoop
{
    private ProvidedBufferPool? _providedBuffers;

    /// <summary>The loop's pool, registered on its ring the first time it is asked for (loop thread).</summary>
    /// <exception cref="UringException">The kernel refused the buffer ring.</exception>
    internal ProvidedBufferPool GetProvidedBufferPool()
    {
        ProvidedBufferPool? pool = _providedBuffers;
        if (pool is null)
        {
            pool = ProvidedBufferPool.Create(this, _ring, _options.ProvidedBufferSize, _options.ProvidedBufferCount);
            Volatile.Write(ref _providedBuffers, pool);
        }

        return pool;
    }

    /// <summary>The pool if it was created (tests).</summary>
    internal ProvidedBufferPool? ProvidedBuffersIfCreated => Volatile.Read(ref _providedBuffers);

    /// <summary>Queues one of the loop's own work items (with its tag) to run on the loop; false once the loop no longer runs work.</summary>
    internal bool TryQueueWork(LoopWorkItem item, ulong tag) => Enqueue(new LoopWork(item, null, tag), refuseWhenStopping: false);

    /// <summary>Counts native memory the loop's parts allocated (positive) or freed (negative); any thread.</summary>
    internal void AddNativeBytes(long delta) => Interlocked.Add(ref _nativeBytes, delta);

    /// <summary>Lent buffers not yet returned, for the statistics.</summary>
    private int ProvidedBuffersLent => Volatile.Read(ref _providedBuffers)?.Lent ?? 0;

    /// <summary>The release, before the ring is torn down: returns from now on only release memory.</summary>
    private void StopProvidedBuffers() => _providedBuffers?.OnRingStopping();

    /// <summary>The release, after the ring is torn down: count what the ring's stop freed.</summary>
    private void ProvidedBuffersRingStopped() => _providedBuffers?.OnRingStopped();
}
