using System;
using System.Text.Json;
using Uring;

public sealed record Checkpoint(long Sequence, string Node);

public sealed class CheckpointStore
{
    public void Save(Ring ring, int fd, Checkpoint checkpoint)
    {
        ReadOnlySpan<byte> json = JsonSerializer.SerializeToUtf8Bytes(checkpoint);
        ring.TryPrepareWrite(SqeContext.FromValue(2), fd, json, 0); // expect URING0001
        ring.Submit();
    }
}
