using System;

namespace Uring.Samples.Plaintext;

/// <summary>What <see cref="RequestParser.Answer"/> found in the received bytes.</summary>
public enum ParseStatus
{
    /// <summary>Every complete request was answered; what is left is the start of the next one (or nothing).</summary>
    NeedMore,

    /// <summary>The output buffer is full and more complete requests are waiting: send, then call again.</summary>
    OutputFull,

    /// <summary>A request is not HTTP/1.x: answer 400 and close.</summary>
    Malformed,
}

/// <summary>
/// The whole of this server's HTTP: find each complete request (its head ends with an empty line), check its request line,
/// and write one response per request. Pipelined requests that arrived together get their responses written together,
/// so they leave in one send. Headers are not interpreted (no bodies: a request is its head).
/// </summary>
public static class RequestParser
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>
    /// Answers the complete requests in <paramref name="input"/> from <paramref name="consumed"/> on, writing responses
    /// into <paramref name="output"/> from <paramref name="written"/> on; both move past what was done.
    /// </summary>
    public static ParseStatus Answer(ReadOnlySpan<byte> input, ref int consumed, Span<byte> output, ref int written, ReadOnlySpan<byte> response)
    {
        while (true)
        {
            ReadOnlySpan<byte> rest = input[consumed..];
            int end = rest.IndexOf(EndOfHead);
            if (end < 0)
            {
                return ParseStatus.NeedMore;
            }

            if (!IsRequestLine(rest[..end]))
            {
                return ParseStatus.Malformed;
            }

            if (output.Length - written < response.Length)
            {
                return ParseStatus.OutputFull;
            }

            response.CopyTo(output[written..]);
            written += response.Length;
            consumed += end + EndOfHead.Length;
        }
    }

    /// <summary>"METHOD SP target SP HTTP/1.x" at the start of <paramref name="head"/>: enough to refuse what is not HTTP/1.</summary>
    private static bool IsRequestLine(ReadOnlySpan<byte> head)
    {
        int lineEnd = head.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> line = lineEnd < 0 ? head : head[..lineEnd];
        int space = line.IndexOf((byte)' ');
        return space > 0
            && line[..space].IndexOfAnyExceptInRange((byte)'A', (byte)'Z') < 0
            && line.Length > space + 1 + 9
            && line[^9..^1].SequenceEqual(" HTTP/1."u8)
            && line[^1] is (byte)'0' or (byte)'1';
    }
}
