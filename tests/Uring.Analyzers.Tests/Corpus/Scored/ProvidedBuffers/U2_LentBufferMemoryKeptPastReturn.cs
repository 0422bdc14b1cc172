using System;
using System.Text;
using System.Threading.Tasks;
using Uring;

public sealed class CommandReader
{
    private readonly LoopConnection _connection;

    public CommandReader(LoopConnection connection) => _connection = connection;

    public async Task<string?> NextCommandAsync()
    {
        LentBuffer received = await _connection.ReceiveProvidedAsync().ConfigureAwait(false);
        if (received.IsEmpty)
        {
            return null;
        }

        ReadOnlyMemory<byte> line = received.Memory;
        received.Return();
        return Encoding.ASCII.GetString(line.Span).TrimEnd('\r', '\n'); // expect URING0013
    }
}
