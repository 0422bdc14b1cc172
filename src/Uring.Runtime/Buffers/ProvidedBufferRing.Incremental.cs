namespace Uring;

// What an incremental receiver needs to check a completion before it takes the buffer.
public sealed partial class ProvidedBufferRing
{
    /// <summary>The ring the group is registered with (null for a detached group).</summary>
    internal Ring? Ring => _ring;

    /// <summary>
    /// Where the next bytes of buffer <paramref name="bufferId"/> go on an incremental ring (0 on others), and whether it
    /// is provided now. False when the id is not a buffer of this group.
    /// </summary>
    internal bool TryReadFillState(ushort bufferId, out int offset, out bool provided)
    {
        using LockScope held = Enter();
        if (bufferId >= BufferCount)
        {
            offset = 0;
            provided = false;
            return false;
        }

        offset = IsIncremental ? _consumed[bufferId] : 0;
        provided = _state[bufferId] == StateProvided;
        return true;
    }
}
