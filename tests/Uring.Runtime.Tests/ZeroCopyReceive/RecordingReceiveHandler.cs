using System.Collections.Generic;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>Records every callback of a zero-copy receive, with what the receiver looked like at the time.</summary>
internal sealed class RecordingReceiveHandler : IZeroCopyReceiveHandler
{
    public List<string> Events { get; } = [];

    public List<ZeroCopyReceiveBuffer> Buffers { get; } = [];

    public List<byte[]> Data { get; } = [];

    public List<Errno> Errors { get; } = [];

    public int StoppedCalls { get; private set; }

    public Errno StoppedReason { get; private set; }

    /// <summary>The receiver's state while OnStopped ran.</summary>
    public ZeroCopyReceiverState StateInOnStopped { get; private set; }

    public bool IsStoppedInOnStopped { get; private set; }

    public MultishotAction DataAction { get; set; }

    public MultishotAction ErrorAction { get; set; }

    /// <summary>Release every buffer inside OnData (and record whether the release went through).</summary>
    public bool ReleaseAtOnce { get; set; }

    public List<bool> Releases { get; } = [];

    public MultishotAction OnData(ZeroCopyReceiver receiver, ZeroCopyReceiveBuffer buffer)
    {
        Events.Add(buffer.IsEndOfStream ? "eof" : $"data {buffer.Offset} {buffer.Length}");
        Buffers.Add(buffer);
        Data.Add(buffer.Span.ToArray());
        if (ReleaseAtOnce)
        {
            Releases.Add(buffer.TryRelease());
        }

        return DataAction;
    }

    public MultishotAction OnError(ZeroCopyReceiver receiver, Errno error)
    {
        Events.Add($"error {error}");
        Errors.Add(error);
        return ErrorAction;
    }

    public void OnStopped(ZeroCopyReceiver receiver, Errno reason)
    {
        Events.Add($"stopped {reason}");
        StoppedCalls++;
        StoppedReason = reason;
        StateInOnStopped = receiver.State;
        IsStoppedInOnStopped = receiver.IsStopped;
    }
}

/// <summary>A handler that does nothing but release: the zero-allocation measurement's.</summary>
internal sealed class ReleasingReceiveHandler : IZeroCopyReceiveHandler
{
    public long Bytes { get; private set; }

    public MultishotAction OnData(ZeroCopyReceiver receiver, ZeroCopyReceiveBuffer buffer)
    {
        Bytes += buffer.Span.Length;
        buffer.TryRelease();
        return MultishotAction.Continue;
    }

    public MultishotAction OnError(ZeroCopyReceiver receiver, Errno error) => MultishotAction.Continue;

    public void OnStopped(ZeroCopyReceiver receiver, Errno reason)
    {
    }
}
