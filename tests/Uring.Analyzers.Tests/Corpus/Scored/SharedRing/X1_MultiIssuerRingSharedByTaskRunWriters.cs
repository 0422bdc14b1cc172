using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class ShardWriter : IDisposable
{
    private readonly Ring _ring;
    private readonly byte[][] _shards;
    private readonly CqeView[] _cqes = new CqeView[64];

    public ShardWriter(int shards, int shardSize)
    {
        _ring = new Ring(new RingOptions { MultiIssuers = true, NotifySucceed = true, Entries = 128 });
        _ring.Start();
        _shards = new byte[shards][];
        for (int i = 0; i < shards; i++)
        {
            _shards[i] = GC.AllocateArray<byte>(shardSize, pinned: true);
        }
    }

    public async Task<int> WriteAllAsync(int fd, CancellationToken cancellationToken)
    {
        List<Task> writers = new();
        for (int i = 0; i < _shards.Length; i++)
        {
            int shard = i;
            writers.Add(Task.Run(() =>
            {
                byte[] data = _shards[shard];
                data.AsSpan().Fill((byte)('a' + shard % 26));
                _ring.TryPrepareWrite(SqeContext.FromValue((ulong)shard), fd, data.AsSpan(), (long)shard * data.Length);
                _ring.Submit();
            }, cancellationToken));
        }

        await Task.WhenAll(writers);

        int completed = 0;
        while (completed < _shards.Length)
        {
            completed += _ring.Wait(_cqes, 1, TimeSpan.FromSeconds(5));
        }

        return completed;
    }

    public void Dispose() => _ring.Dispose();
}
