using System;
using System.Text;
using Uring;

public sealed class LogReceiver : IMultishotHandler
{
    private readonly ProvidedBufferRing _group;
    private readonly StringBuilder _pending = new();

    public LogReceiver(ProvidedBufferRing group) => _group = group;

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (!completion.IsSuccess || completion.Result == 0)
        {
            return MultishotAction.Stop;
        }

        ProvidedBuffer buffer = _group.Take(in completion);
        try
        {
            if (buffer.Length > 4096)
            {
                return MultishotAction.Stop;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer.Data));
            return MultishotAction.Continue;
        }
        finally
        {
            _group.Recycle(buffer);
        }
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        => Console.WriteLine($"log receiver stopped: {error}");
}
