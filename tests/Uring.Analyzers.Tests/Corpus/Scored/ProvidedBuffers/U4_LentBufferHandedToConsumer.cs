using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Uring;

public sealed class ReceivePump
{
    private readonly LoopConnection _connection;
    private readonly Channel<LentBuffer> _received = Channel.CreateBounded<LentBuffer>(16);

    public ReceivePump(LoopConnection connection) => _connection = connection;

    public ChannelReader<LentBuffer> Received => _received.Reader;

    public async Task RunAsync()
    {
        while (true)
        {
            LentBuffer buffer = await _connection.ReceiveProvidedAsync();
            if (buffer.IsEmpty)
            {
                _received.Writer.Complete();
                return;
            }

            if (!_received.Writer.TryWrite(buffer))
            {
                // The consumer fell behind: drop this buffer's bytes.
                buffer.Return();
            }
        }
    }
}
