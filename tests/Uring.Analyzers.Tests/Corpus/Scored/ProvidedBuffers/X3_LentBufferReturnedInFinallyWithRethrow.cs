using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class RecordStream
{
    private readonly LoopConnection _connection;
    public long Records;

    public RecordStream(LoopConnection connection) => _connection = connection;

    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            LentBuffer lent = await _connection.ReceiveProvidedAsync(cancellationToken);
            if (lent.IsEmpty)
            {
                break;
            }

            try
            {
                Count(lent.Span);
            }
            catch (FormatException error)
            {
                Console.Error.WriteLine($"bad record: {error.Message}");
                throw;
            }
            finally
            {
                lent.Return();
            }
        }
    }

    private void Count(ReadOnlySpan<byte> data)
    {
        while (data.Length >= 4)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data);
            if (length < 0 || length > data.Length - 4)
            {
                throw new FormatException($"record length {length}");
            }

            data = data.Slice(4 + length);
            Records++;
        }
    }
}
