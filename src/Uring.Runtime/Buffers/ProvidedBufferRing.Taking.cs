using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

// Turning a completion into the bytes it delivered: Take (one buffer, incremental offsets) and TakeBundle (a
// run of buffers), with the checks that the completion belongs to this group.
public sealed unsafe partial class ProvidedBufferRing
{
    /// <summary>
    /// Takes the buffer a completion used (<see cref="CqeFlags.Buffer"/>): returns its id and exactly the bytes
    /// the completion delivered, and marks it lent, so give it back with <see cref="Recycle(in ProvidedBuffer)"/>
    /// once you are done with the bytes. On an incremental ring a completion with
    /// <see cref="CqeFlags.BufferMore"/> leaves the buffer provided (<see cref="ProvidedBuffer.StillProvided"/>);
    /// recycling that handle does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The completion carries no buffer, or its request selected from another buffer group (the context records
    /// the group of every buffer-select request, except in Value mode): nothing is taken.
    /// </exception>
    /// <exception cref="InvalidOperationException">The buffer is not provided (the completion was taken already, or belongs to another group), or the result does not fit it.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed, or its ring stopped.</exception>
    [LendsProvidedBuffer]
    public ProvidedBuffer Take(in CqeView completion)
    {
        using LockScope held = Enter();
        CheckGroupOf(in completion);
        return TakeCore(completion.Result, completion.Flags, nameof(completion));
    }

    /// <summary>
    /// Like <see cref="Take(in CqeView)"/>, from a completion's result and flags. The flags do not say which group
    /// the buffer came from, so prefer the <see cref="CqeView"/> overload, which checks it.
    /// </summary>
    /// <exception cref="ArgumentException">The flags carry no buffer.</exception>
    /// <exception cref="InvalidOperationException">The buffer is not provided, or the result does not fit it.</exception>
    [LendsProvidedBuffer]
    public ProvidedBuffer Take(int result, CqeFlags flags)
    {
        using LockScope held = Enter();
        return TakeCore(result, flags, nameof(flags));
    }

    /// <summary>The take, inside <see cref="Enter"/>.</summary>
    private ProvidedBuffer TakeCore(int result, CqeFlags flags, string parameterName)
    {
        ushort id = BufferIdOf(flags, parameterName);
        if (result < 0 || (result == 0 && IsIncremental))
        {
            // The kernel commits no buffer for a failed request (and none for an empty incremental one):
            // it stays in the ring even though the completion names it.
            return new ProvidedBuffer(this, id, null, 0, 0, stillProvided: true);
        }

        int offset = IsIncremental ? _consumed[id] : 0;
        if (result > BufferSize - offset)
        {
            throw new InvalidOperationException(
                $"The completion reports {result} bytes but buffer {id} of group {GroupId} has {BufferSize - offset} left: use TakeBundle for bundle receives.");
        }

        byte* data = _slab + ((nuint)id * (nuint)BufferSize) + (nuint)offset;
        if (IsIncremental && (flags & CqeFlags.BufferMore) != 0)
        {
            _consumed[id] = offset + result;
            return new ProvidedBuffer(this, id, data, result, offset, stillProvided: true);
        }

        MarkLent(id);
        return new ProvidedBuffer(this, id, data, result, offset, stillProvided: false);
    }

    /// <summary>
    /// Takes the buffers of a bundle receive (<see cref="Ring.TryPrepareRecvBundle"/>): one completion whose
    /// <see cref="CqeView.Result"/> bytes fill consecutive ring entries starting at buffer
    /// <c>flags &gt;&gt; 16</c>. Every buffer the bytes reach becomes lent (on an incremental ring the last one
    /// stays provided when the completion has <see cref="CqeFlags.BufferMore"/>); give them back with
    /// <see cref="Recycle(in ProvidedBufferBundle)"/>. A result of 0 or less takes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The completion carries no buffer, or its request selected from another buffer group.</exception>
    /// <exception cref="InvalidOperationException">A buffer of the range is not provided.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed, or its ring stopped.</exception>
    [LendsProvidedBuffer]
    public ProvidedBufferBundle TakeBundle(in CqeView completion)
    {
        using LockScope held = Enter();
        CheckGroupOf(in completion);
        return TakeBundleCore(completion.Result, completion.Flags, nameof(completion));
    }

    /// <summary>Like <see cref="TakeBundle(in CqeView)"/>, from a completion's result and flags (the group is not checked).</summary>
    /// <exception cref="ArgumentException">The flags carry no buffer.</exception>
    /// <exception cref="InvalidOperationException">A buffer of the range is not provided.</exception>
    [LendsProvidedBuffer]
    public ProvidedBufferBundle TakeBundle(int result, CqeFlags flags)
    {
        using LockScope held = Enter();
        return TakeBundleCore(result, flags, nameof(flags));
    }

    /// <summary>The bundle take, inside <see cref="Enter"/>.</summary>
    private ProvidedBufferBundle TakeBundleCore(int result, CqeFlags flags, string parameterName)
    {
        ushort start = BufferIdOf(flags, parameterName);
        if (result <= 0)
        {
            return new ProvidedBufferBundle(this, start, 0, 0, 0, lastStillProvided: false);
        }

        int firstOffset = IsIncremental ? _consumed[start] : 0;
        bool keepLast = IsIncremental && (flags & CqeFlags.BufferMore) != 0;

        // Walk the ring order (the order buffers were added) to count the buffers the bytes reach, checking
        // each one before changing any state.
        int remaining = result;
        int count = 0;
        ushort id = start;
        int lastLength;
        while (true)
        {
            if (_state[id] != StateProvided)
            {
                throw NotProvided(id);
            }

            int capacity = _lengths[id] - (count == 0 ? firstOffset : 0);
            lastLength = Math.Min(remaining, capacity);
            remaining -= lastLength;
            count++;
            if (remaining == 0)
            {
                break;
            }

            id = _next[id];
            if (id == NoNext)
            {
                throw new InvalidOperationException(
                    $"A bundle of {result} bytes from buffer {start} of group {GroupId} runs past the last provided buffer: the completion does not belong to this group.");
            }
        }

        id = start;
        for (int i = 0; i < count; i++)
        {
            ushort following = _next[id];
            if (i == count - 1 && keepLast)
            {
                _consumed[id] = (i == 0 ? firstOffset : 0) + lastLength;
            }
            else
            {
                MarkLent(id);
            }

            id = following;
        }

        return new ProvidedBufferBundle(this, start, count, result, firstOffset, keepLast);
    }

    /// <summary>
    /// Refuses a completion whose request selected from another group. The context records the group of a
    /// buffer-select request (Direct bits, or the pooled SQE copy); a Value-mode context records nothing, and
    /// then only the buffer id can be checked.
    /// </summary>
    private void CheckGroupOf(in CqeView completion)
    {
        SqeContext context = completion.Context;
        if (context.IsValue || !context.HasBufferSelect)
        {
            return;
        }

        ushort group = context.BufGroup;
        if (group != GroupId)
        {
            throw new ArgumentException(
                $"The completion's request selected its buffer from group {group}, not from this group ({GroupId}): take it from the "
                + $"ProvidedBufferRing of group {group} (Ring.TryGetProvidedBufferRing({group}, out var group) finds it). Nothing was taken.",
                nameof(completion));
        }
    }

    private ushort BufferIdOf(CqeFlags flags, string parameterName)
    {
        if ((flags & CqeFlags.Buffer) == 0)
        {
            throw new ArgumentException(
                "The completion carries no provided buffer (no IORING_CQE_F_BUFFER): the request failed before selecting one, or did not "
                + "select from a group. Check CqeView.HasBuffer before taking.",
                parameterName);
        }

        ushort id = (ushort)((uint)flags >> 16);
        ValidateId(id);
        if (_state[id] != StateProvided)
        {
            throw NotProvided(id);
        }

        return id;
    }
}
