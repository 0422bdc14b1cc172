using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Reflection;
using System.Threading.Tasks;

namespace Uring.Samples.AsyncEcho;

/// <summary>
/// The echo server in a child process (this program with <c>server ... --stop-on-eof</c>), so the CPU time it uses is
/// its own. Closing its standard input stops it; its output is passed on, prefixed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(IEnumerable<string> serverArguments)
    {
        ProcessStartInfo start = new()
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under `dotnet app.dll` the process is the host: give it the app again.
        if (System.IO.Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("server");
        foreach (string argument in serverArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--stop-on-eof");
        Process process = Process.Start(start)!;
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith(ServerCommand.ListeningPrefix, StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the server did not start: {line ?? "(no output)"}");
        }

        Console.WriteLine($"server (pid {process.Id}): {line}");
        string portText = line[ServerCommand.ListeningPrefix.Length..].Split(' ')[0];
        return new ServerProcess(process, int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the server (end of its input) and waits for it; true when it exited with 0.</summary>
    public async Task<bool> StopAsync()
    {
        _process.StandardInput.Close();
        string rest = await _process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine($"server (pid {_process.Id}): {line}");
        }

        return _process.ExitCode == 0;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
