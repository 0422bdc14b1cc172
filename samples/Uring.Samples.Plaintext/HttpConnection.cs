using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Uring;

namespace Uring.Samples.Plaintext;

/// <summary>One keep-alive HTTP/1.1 connection on its event loop: receive, answer every complete request, send the batch.</summary>
public static class HttpConnection
{
    private const int InputSize = 4096;
    private const int OutputSize = 16 * 1024;

    /// <summary>Room kept free at the end of the output for a refusal (400 or 431).</summary>
    private const int RefusalRoom = 256;

    public static async Task Serve(EventLoop loop, Socket connection)
    {
        // Pinned-heap arrays as pre-pinned memory: the loop pins buffers for every request, for free with these.
        byte[] inputArray = GC.AllocateUninitializedArray<byte>(InputSize, pinned: true);
        byte[] outputArray = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);
        Memory<byte> input = MemoryMarshal.CreateFromPinnedArray(inputArray, 0, InputSize);
        Memory<byte> output = MemoryMarshal.CreateFromPinnedArray(outputArray, 0, OutputSize);
        int filled = 0;
        while (true)
        {
            int received = await loop.ReceiveAsync(connection, input[filled..]);
            if (received == 0)
            {
                return;
            }

            filled += received;
            int consumed = 0;
            ParseStatus status;
            do
            {
                int written = 0;
                status = RequestParser.Answer(inputArray.AsSpan(0, filled), ref consumed, outputArray.AsSpan(0, OutputSize - RefusalRoom), ref written, PlaintextResponse.Current);
                if (status == ParseStatus.Malformed)
                {
                    // Whatever was answered before the bad request still goes, then the refusal.
                    written += Append(outputArray, written, PlaintextResponse.BadRequest);
                }
                else if (status == ParseStatus.NeedMore && filled - consumed == InputSize)
                {
                    written += Append(outputArray, written, PlaintextResponse.HeadersTooLarge);
                    status = ParseStatus.Malformed;
                }

                // Inline rather than a helper: an async helper's state machine would be a new allocation for every send.
                for (int sent = 0; sent < written;)
                {
                    sent += await loop.SendAsync(connection, output[sent..written]);
                }
            }
            while (status == ParseStatus.OutputFull);

            if (status == ParseStatus.Malformed)
            {
                return;
            }

            // Keep the start of a request that has not fully arrived.
            filled -= consumed;
            inputArray.AsSpan(consumed, filled).CopyTo(inputArray);
        }
    }

    /// <summary>Copies <paramref name="bytes"/> to <paramref name="at"/>; the output always has room for one refusal after a full batch.</summary>
    private static int Append(byte[] output, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.AsSpan(at));
        return bytes.Length;
    }
}
