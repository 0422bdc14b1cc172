using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Package.Tests.Support;

/// <summary>
/// csharp-ls, a Roslyn language server served as a dotnet tool, installed once for the test class into a temporary
/// tool path: <c>dotnet tool install csharp-ls --version 0.28.0 --tool-path &lt;tmp&gt;</c>. Nothing is installed
/// globally, and the folder is deleted afterwards.
/// </summary>
public sealed class CSharpLanguageServerTool : IAsyncLifetime
{
    /// <summary>The version the test is written against (its settings, its code-action behaviour).</summary>
    public const string Version = "0.28.0";

    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The tool path: the <c>csharp-ls</c> launcher and its store.</summary>
    public string ToolPath { get; } = Path.Combine(Path.GetTempPath(), "uring-csharp-ls-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The launcher <c>dotnet tool install</c> writes.</summary>
    public string Executable => Path.Combine(ToolPath, "csharp-ls");

    /// <summary>How long the install took, for the test output.</summary>
    public TimeSpan InstallTime { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ToolPath);

        // Run from the tool path, so no NuGet.config of the repository takes part: the tool comes from the user's
        // normal feeds, as it would on a developer's machine.
        CommandResult install = await Dotnet.RunAsync(
            ["tool", "install", "csharp-ls", "--version", Version, "--tool-path", ToolPath],
            ToolPath,
            s_installTimeout,
            TestContext.Current.CancellationToken);
        InstallTime = install.Elapsed;
        if (install.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException(install.Describe(
                $"Installing the language server csharp-ls {Version} into {ToolPath} failed (the editor test needs it; it is a dotnet tool on the normal NuGet feed)"));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(ToolPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
