using System;
using System.Security.Cryptography;
using Uring;

public sealed class SecretSender
{
    private readonly byte[] _secret = GC.AllocateArray<byte>(32, pinned: true);

    public void Send(Ring ring, int socket, ReadOnlySpan<byte> key)
    {
        key.CopyTo(_secret);
        try
        {
            ring.TryPrepareSend(SqeContext.FromValue(1), socket, _secret.AsSpan(0, key.Length));
            ring.Submit();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_secret); // expect URING0003
        }
    }
}
