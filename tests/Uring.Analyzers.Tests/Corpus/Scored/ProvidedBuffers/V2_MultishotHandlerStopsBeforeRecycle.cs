using System;
using System.Buffers.Binary;
using Uring;

public sealed class FrameReceiver : IMultishotHandler
{
    private readonly ProvidedBufferRing _group;
    private readonly Action<uint, int> _onFrame;

    public FrameReceiver(ProvidedBufferRing group, Action<uint, int> onFrame)
    {
        _group = group;
        _onFrame = onFrame;
    }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (!completion.HasBuffer)
        {
            return completion.HasMore ? MultishotAction.Continue : MultishotAction.Stop;
        }

        ProvidedBuffer buffer = _group.Take(in completion); // expect URING0005
        if (buffer.Length < 8)
        {
            Console.Error.WriteLine("runt frame, closing");
            return MultishotAction.Stop;
        }

        uint kind = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Data);
        int size = BinaryPrimitives.ReadInt32LittleEndian(buffer.Data[4..]);
        _group.Recycle(buffer);
        _onFrame(kind, size);
        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
    {
    }
}
