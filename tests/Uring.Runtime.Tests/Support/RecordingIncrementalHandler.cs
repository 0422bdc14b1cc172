using System;
using System.Collections.Generic;
using System.Text;

namespace Uring.Tests.Support;

/// <summary>
/// Records an <see cref="IncrementalReceiver"/>'s calls as text ("D:abc+" data with BUF_MORE, "D:xyz-" without, "C"
/// complete, "E:..." error; with lengthsOnly "D1024+" instead of the text) and the bytes delivered.
/// </summary>
internal sealed class RecordingIncrementalHandler(bool lengthsOnly = false) : IIncrementalReceiveHandler
{
    public List<string> Calls { get; } = [];

    public List<byte> Bytes { get; } = [];

    public List<Exception> Errors { get; } = [];

    public string Log => string.Join(" ", Calls);

    public void OnData(ReadOnlySpan<byte> data, bool hasMore)
    {
        Calls.Add((lengthsOnly ? "D" + data.Length : "D:" + Encoding.ASCII.GetString(data)) + (hasMore ? "+" : "-"));
        Bytes.AddRange(data.ToArray());
    }

    public void OnComplete() => Calls.Add("C");

    public void OnError(Exception error)
    {
        Calls.Add("E:" + error.GetType().Name);
        Errors.Add(error);
    }
}
