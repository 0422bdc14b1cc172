using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class LineSplitter
{
    private readonly EventLoop _loop;
    private readonly List<byte[]> _lines = new();

    public LineSplitter(EventLoop loop) => _loop = loop;

    public Task<int> CollectAsync(LoopConnection connection, CancellationToken cancellationToken)
    {
        return _loop.RunAsync(async () =>
        {
            while (true)
            {
                LentBuffer lent = await connection.ReceiveProvidedAsync(cancellationToken);
                if (lent.IsEmpty)
                {
                    break;
                }

                try
                {
                    Split(lent.Span);
                }
                finally
                {
                    lent.Return();
                }

                await _loop.NopAsync(cancellationToken);
            }

            return _lines.Count;
        });
    }

    private void Split(ReadOnlySpan<byte> data)
    {
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n')
            {
                continue;
            }

            _lines.Add(data[start..i].ToArray());
            start = i + 1;
        }
    }
}
