using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Uring;

namespace Uring.Samples.AsyncEcho;

/// <summary>The echo handler on an <see cref="EventLoop"/>: what a connection does, every await resuming on its loop.</summary>
public static class UringEcho
{
    /// <summary>Bytes each connection receives at most at once (the same for both servers).</summary>
    public const int BufferSize = 16 * 1024;

    /// <summary>Echoes until the peer shuts its side down: receive, then send back all of it.</summary>
    public static async Task Serve(EventLoop loop, Socket connection)
    {
        // An array on the pinned object heap, wrapped as pre-pinned memory: the loop pins the buffer for every request,
        // and for this Memory that costs nothing (a plain array's Pin() would take a GC handle each time).
        byte[] array = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        Memory<byte> buffer = MemoryMarshal.CreateFromPinnedArray(array, 0, array.Length);
        while (true)
        {
            int received = await loop.ReceiveAsync(connection, buffer);
            if (received == 0)
            {
                return;
            }

            for (int sent = 0; sent < received;)
            {
                sent += await loop.SendAsync(connection, buffer[sent..received]);
            }
        }
    }
}
