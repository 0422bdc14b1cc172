using System;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Uring.AspNetCore;

/// <summary>The transport's log messages (category <c>Uring.AspNetCore.UringTransportFactory</c>).</summary>
internal static partial class UringTransportLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Message}", EventName = "IoUringUnavailable")]
    public static partial void FallingBack(ILogger logger, string message, Exception? exception);

    [LoggerMessage(2, LogLevel.Information, "Kestrel runs on io_uring: {LoopCount} event loops, {RingEntries} SQ entries each.", EventName = "IoUringTransportStarted")]
    public static partial void Started(ILogger logger, int loopCount, int ringEntries);

    [LoggerMessage(3, LogLevel.Debug, "Listening on {EndPoint}; loop {Acceptor} accepts.", EventName = "Listening")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, int acceptor);

    [LoggerMessage(4, LogLevel.Debug, "The multishot accept on {EndPoint} ended with an error; accepting again.", EventName = "AcceptFailed")]
    public static partial void AcceptFailed(ILogger logger, EndPoint endPoint, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "Could not delete the Unix socket file {Path}.", EventName = "UnixSocketFileNotDeleted")]
    public static partial void UnixSocketFileNotDeleted(ILogger logger, string path, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Work on an io_uring event loop failed.", EventName = "LoopWorkFailed")]
    public static partial void LoopWorkFailed(ILogger logger, Exception exception);
}
