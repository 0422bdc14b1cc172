using System;
using Uring;

public sealed class Resizable
{
    private byte[] _staging = new byte[64];
    private readonly byte[] _wire = GC.AllocateArray<byte>(4096, pinned: true);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length > _staging.Length)
        {
            Array.Resize(ref _staging, data.Length);
        }

        data.CopyTo(_staging);
    }

    public void Send(Ring ring, int socket, int length)
    {
        _staging.AsSpan(0, length).CopyTo(_wire);
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, _wire.AsSpan(0, length));
        ring.TryPrepareSend(SqeContext.FromValue(2), socket, _staging.AsMemory(0, length));
        ring.Submit();
    }
}
