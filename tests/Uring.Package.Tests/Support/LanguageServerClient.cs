using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Uring.Package.Tests.Support;

/// <summary>
/// The editor's side of the Language Server Protocol, as little of it as a test needs: starts a language server as a
/// child process and speaks JSON-RPC 2.0 with it over stdio, each message framed by a <c>Content-Length</c> header.
/// Keeps the latest <c>textDocument/publishDiagnostics</c> of every file, answers the server's own requests
/// (<c>workspace/configuration</c> with the settings it was given, anything else with null, as a client that
/// registers nothing does), and keeps the server's log and standard error for failure messages.
/// </summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private const int StandardErrorLimit = 16_000;
    private const int LogLimit = 60;

    private readonly Process _process;
    private readonly Stream _toServer;
    private readonly JsonObject _settings;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, (string Method, TaskCompletionSource<JsonElement> Answer)> _pending = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, (long Sequence, IReadOnlyList<LspDiagnostic> Diagnostics)> _published = new(StringComparer.Ordinal);
    private readonly Queue<string> _log = new();
    private readonly StringBuilder _standardError = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;
    private TaskCompletionSource _publishedChanged = NewSignal();
    private IReadOnlyList<ProcessIdentity> _children = [];
    private long _nextId;
    private long _publishSequence;

    private LanguageServerClient(Process process, JsonObject settings)
    {
        _process = process;
        _settings = settings;
        _toServer = process.StandardInput.BaseStream;
        _reader = Task.Run(() => ReadAsync(process.StandardOutput.BaseStream));
    }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// A mark to wait past: <see cref="WaitForDiagnosticsAsync"/> with it accepts only diagnostics published after
    /// this moment.
    /// </summary>
    public long PublishMark
    {
        get
        {
            lock (_gate)
            {
                return _publishSequence;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="executable"/> in <paramref name="workingDirectory"/>. <paramref name="settings"/> is the
    /// client's configuration by section (<c>{ "csharp": { ... } }</c>), which answers <c>workspace/configuration</c>.
    /// </summary>
    public static LanguageServerClient Start(string executable, IEnumerable<string> arguments, string workingDirectory, JsonObject settings)
    {
        ProcessStartInfo start = new(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The server loads projects through MSBuild: the same fresh toolset as a dotnet CLI child, and the runtime
        // of the dotnet that runs the tests for the tool's launcher.
        Dotnet.UseFreshToolEnvironment(start);
        if (Path.IsPathRooted(Dotnet.Host))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet.Host);
        }

        Process process = new() { StartInfo = start };
        LanguageServerClient? client = null;
        process.ErrorDataReceived += (_, line) => client?.AppendStandardError(line.Data);
        process.Start();
        client = new LanguageServerClient(process, settings);
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Sends a request and waits for its result; throws with the server's error, or when the time is up.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        TaskCompletionSource<JsonElement> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, answer);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }, cancellationToken);
        try
        {
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"The language server did not answer {method} within {timeout.TotalSeconds:F0} s.\n{Describe()}");
        }
    }

    /// <summary>Sends a notification (no answer).</summary>
    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
        => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }, cancellationToken);

    /// <summary>
    /// Waits until the server publishes diagnostics for <paramref name="path"/> (after <paramref name="after"/>, a
    /// <see cref="PublishMark"/>) that <paramref name="accept"/> takes, and returns them. Servers publish a file's
    /// diagnostics again whenever they change, so earlier, partial lists are passed over. Throws, with
    /// <paramref name="expectation"/> and what the server published, logged and wrote to standard error, when the
    /// time is up.
    /// </summary>
    public async Task<IReadOnlyList<LspDiagnostic>> WaitForDiagnosticsAsync(
        string path,
        long after,
        Func<IReadOnlyList<LspDiagnostic>, bool> accept,
        string expectation,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using CancellationTokenSource limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_published.TryGetValue(path, out var latest) && latest.Sequence > after && accept(latest.Diagnostics))
                {
                    return latest.Diagnostics;
                }

                changed = _publishedChanged.Task;
            }

            if (_process.HasExited && _reader.IsCompleted)
            {
                throw new InvalidOperationException($"The language server exited (code {_process.ExitCode}) before it published the expected diagnostics for {path} ({expectation}).\n{Describe()}");
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The language server did not publish the expected diagnostics for {path} within {timeout.TotalSeconds:F0} s ({expectation}).\n{Describe()}");
            }
        }
    }

    /// <summary>
    /// Ends the session as an editor does: <c>shutdown</c>, then <c>exit</c>, then waits for the process to end;
    /// kills its tree when any step takes longer than <paramref name="timeout"/> and throws. Returns the exit code
    /// and the descendants the server had before the shutdown that are still running afterwards (none, for a
    /// server that cleans up after itself; they are killed).
    /// </summary>
    public async Task<(int ExitCode, IReadOnlyList<ProcessIdentity> LeftRunning)> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _children = ProcessTree.Descendants(_process.Id);
        try
        {
            await RequestAsync("shutdown", null, timeout, cancellationToken);
            await NotifyAsync("exit", null, cancellationToken);

            // Also waits for the end of its output and standard error, so the log is complete.
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            KillTree();
            throw new TimeoutException($"The language server did not shut down within {timeout.TotalSeconds:F0} s; killed.\n{Describe()}");
        }

        // Children end with their parent's pipes; give them the same time to notice.
        Stopwatch waited = Stopwatch.StartNew();
        while (_children.Any(child => child.IsAlive) && waited.Elapsed < timeout)
        {
            await Task.Delay(100, cancellationToken);
        }

        ProcessIdentity[] leftRunning = _children.Where(child => child.IsAlive).ToArray();
        KillLeftovers();
        return (_process.ExitCode, leftRunning);
    }

    /// <summary>What the server published, logged and wrote to standard error: the body of every failure message.</summary>
    public string Describe()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(_process.StartInfo.FileName)} (pid {_process.Id}) after {_clock.Elapsed.TotalSeconds:F1} s: ");
        text.AppendLine(_process.HasExited ? $"exited with {_process.ExitCode}" : "running");
        lock (_gate)
        {
            foreach ((string path, var latest) in _published)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Last diagnostics for {path}:");
                foreach (LspDiagnostic diagnostic in latest.Diagnostics)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {diagnostic}");
                }
            }

            text.AppendLine("Server log (window/logMessage, server requests):");
            foreach (string line in _log)
            {
                text.AppendLine("  " + line);
            }
        }

        lock (_standardError)
        {
            text.AppendLine("Standard error:");
            text.Append(_standardError);
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            KillTree();
        }

        KillLeftovers();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The reader only ends with the server's output; the process is dead, so this is not a leak worth a failure.
        }

        _process.Dispose();
        _writeLock.Dispose();
    }

    private void KillTree()
    {
        _children = [.. _children, .. ProcessTree.Descendants(_process.Id)];
        try
        {
            _process.Kill(entireProcessTree: true);

            // Bounded: the untimed wait also waits for the end of standard error, which an orphaned grandchild could
            // hold open forever.
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It has exited meanwhile.
        }
    }

    /// <summary>Kills descendants that outlived the server (re-parented, so its tree no longer holds them).</summary>
    private void KillLeftovers()
    {
        foreach (ProcessIdentity child in _children.Where(child => child.IsAlive))
        {
            try
            {
                using Process process = Process.GetProcessById(child.Id);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _toServer.WriteAsync(header, cancellationToken);
            await _toServer.WriteAsync(body, cancellationToken);
            await _toServer.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new IOException($"Writing {message["method"]} to the language server failed: {e.Message}\n{Describe()}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadAsync(Stream fromServer)
    {
        BufferedStream input = new(fromServer);
        try
        {
            while (await ReadHeaderAsync(input) is int length)
            {
                byte[] body = new byte[length];
                await input.ReadExactlyAsync(body);
                using JsonDocument message = JsonDocument.Parse(body);
                await DispatchAsync(message.RootElement);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or JsonException or FormatException)
        {
            Log($"reading the server's output stopped: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            foreach (long id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var pending))
                {
                    pending.Answer.TrySetException(new IOException($"The language server closed its output before it answered {pending.Method}.\n{Describe()}"));
                }
            }

            Signal();
        }
    }

    /// <summary>Reads header lines up to the blank line; returns Content-Length, or null at the end of the output.</summary>
    private static async Task<int?> ReadHeaderAsync(Stream input)
    {
        int? length = null;
        StringBuilder line = new();
        byte[] one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] != (byte)'\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            string header = line.ToString().TrimEnd('\r');
            line.Clear();
            if (header.Length == 0)
            {
                return length ?? throw new FormatException("A message from the language server had no Content-Length header.");
            }

            int colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && header[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(header[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task DispatchAsync(JsonElement message)
    {
        bool hasMethod = message.TryGetProperty("method", out JsonElement methodElement);
        bool hasId = message.TryGetProperty("id", out JsonElement id);
        if (!hasMethod)
        {
            // An answer to one of ours (ids are the numbers RequestAsync hands out).
            if (hasId && id.ValueKind == JsonValueKind.Number && _pending.TryRemove(id.GetInt64(), out var pending))
            {
                if (message.TryGetProperty("error", out JsonElement error))
                {
                    pending.Answer.TrySetException(new InvalidOperationException($"The language server answered {pending.Method} with an error: {error.GetRawText()}"));
                }
                else
                {
                    pending.Answer.TrySetResult(message.TryGetProperty("result", out JsonElement result) ? result.Clone() : default);
                }
            }

            return;
        }

        string method = methodElement.GetString() ?? "";
        JsonElement parameters = message.TryGetProperty("params", out JsonElement p) ? p : default;
        if (hasId)
        {
            Log("server request " + method);
            JsonNode? result = method == "workspace/configuration" ? Configuration(parameters) : null;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result }, CancellationToken.None);
            return;
        }

        switch (method)
        {
            case "textDocument/publishDiagnostics":
                Publish(parameters);
                break;
            case "window/logMessage" or "window/showMessage":
                Log(parameters.TryGetProperty("message", out JsonElement text) ? text.GetString() ?? "" : parameters.GetRawText());
                break;
        }
    }

    /// <summary>The settings of each requested section (null for a section this client has none for).</summary>
    private JsonArray Configuration(JsonElement parameters)
    {
        JsonArray answer = [];
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("items", out JsonElement items))
        {
            foreach (JsonElement item in items.EnumerateArray())
            {
                string? section = item.TryGetProperty("section", out JsonElement s) ? s.GetString() : null;
                answer.Add(section is not null && _settings[section] is JsonNode settings ? settings.DeepClone() : null);
            }
        }

        return answer;
    }

    private void Publish(JsonElement parameters)
    {
        string path = new Uri(parameters.GetProperty("uri").GetString()!).LocalPath;
        LspDiagnostic[] diagnostics = parameters.GetProperty("diagnostics").EnumerateArray().Select(LspDiagnostic.Parse).ToArray();
        lock (_gate)
        {
            _published[path] = (++_publishSequence, diagnostics);
            Log($"publishDiagnostics {Path.GetFileName(path)}: {(diagnostics.Length == 0 ? "none" : string.Join(", ", diagnostics.Select(d => $"{d.Code}@{d.Line + 1}")))}");
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _publishedChanged;
            _publishedChanged = NewSignal();
        }

        changed.TrySetResult();
    }

    private void Log(string line)
    {
        lock (_gate)
        {
            _log.Enqueue($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {line}");
            while (_log.Count > LogLimit)
            {
                _log.Dequeue();
            }
        }
    }

    private void AppendStandardError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_standardError)
        {
            _standardError.AppendLine(line);
            if (_standardError.Length > StandardErrorLimit)
            {
                _standardError.Remove(0, _standardError.Length - StandardErrorLimit);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
