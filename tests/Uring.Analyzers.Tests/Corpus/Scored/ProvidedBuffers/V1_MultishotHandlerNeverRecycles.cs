using System;
using System.Text;
using Uring;

public sealed class LineReceiver : IMultishotHandler
{
    private readonly ProvidedBufferRing _group;
    private readonly StringBuilder _pending = new();

    public LineReceiver(ProvidedBufferRing group) => _group = group;

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (!completion.IsSuccess || completion.Result == 0)
        {
            return MultishotAction.Stop;
        }

        ProvidedBuffer buffer = _group.Take(in completion); // expect URING0005
        _pending.Append(Encoding.UTF8.GetString(buffer.Data));
        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        => Console.WriteLine($"receiver stopped: {error} (cancelled: {cancelled})");
}
