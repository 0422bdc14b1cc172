using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class FrameReader
{
    private readonly LoopConnection _connection;

    public FrameReader(LoopConnection connection) => _connection = connection;

    public async Task<int> ReadLengthAsync(CancellationToken cancellationToken)
    {
        LentBuffer received = await _connection.ReceiveProvidedAsync(cancellationToken); // expect URING0005
        if (received.IsEmpty)
        {
            return -1;
        }

        if (received.Length < 4)
        {
            return 0;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(received.Span);
        received.Return();
        return length;
    }
}
