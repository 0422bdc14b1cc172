using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Drain
{
    public static async Task<long> CopyToAsync(LoopConnection connection, Stream destination, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            LentBuffer received = await connection.ReceiveProvidedAsync(cancellationToken);
            if (received.IsEmpty)
            {
                return total;
            }

            try
            {
                await destination.WriteAsync(received.Memory, cancellationToken);
                total += received.Length;
            }
            finally
            {
                received.Return();
            }
        }
    }
}
