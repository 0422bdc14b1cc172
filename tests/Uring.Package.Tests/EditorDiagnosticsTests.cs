using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Uring.Package.Tests.Support;
using Xunit;

namespace Uring.Package.Tests;

/// <summary>
/// Users meet the URING rules in the editor, not in a build log. This opens a project that consumes the packed
/// package (tests/PackageSmoke/Uring.PackageSmoke.Editor) in a real editor's language server, csharp-ls (Roslyn,
/// installed as a dotnet tool), over LSP on stdio, and checks what an editor would show: the URING diagnostics
/// of the misuse file at their lines, none in the correct file, and the code actions offered at a diagnostic.
/// Nothing of the repository is referenced: the analyzers can only come from the package.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EditorDiagnosticsTests(PackedPackage package, CSharpLanguageServerTool server, ITestOutputHelper output)
    : IClassFixture<CSharpLanguageServerTool>
{
    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_diagnosticsTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The rules Misuse.cs must show, written out so the test cannot pass on a file whose markers were lost:
    /// three with a code fix in the package, one (URING0007) without.
    /// </summary>
    private static readonly string[] s_expectedRules = ["URING0001", "URING0007", "URING0100", "URING0101"];

    /// <summary>The titles of the package's code fixes (the Title constants in src/Uring.Analyzers.CodeFixes), by rule.</summary>
    private static readonly Dictionary<string, string> s_codeFixTitles = new(StringComparer.Ordinal)
    {
        ["URING0001"] = "Allocate a pinned array (GC.AllocateArray with pinned: true)",
        ["URING0100"] = "Make it a partial declaration the generator implements",
        ["URING0101"] = "Return bool",
    };

    /// <summary>A rule id in a comment that ends a line: the diagnostic the editor must show on that line.</summary>
    private static readonly Regex s_marker = new(@"//\s*(URING\d{4})\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The client's settings. csharp-ls runs analyzers only with <c>csharp.analyzersEnabled</c> on (its README; off
    /// by default since 0.24 for latency): without it the editor shows compiler errors only.
    /// </summary>
    private static JsonObject Settings => new() { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };

    [Fact(Timeout = 1_200_000)]
    public async Task Language_server_shows_the_packages_URING_diagnostics_in_the_editor()
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        output.WriteLine($"Uring {package.Version}; csharp-ls {CSharpLanguageServerTool.Version} installed in {server.InstallTime.TotalSeconds:F1} s into {server.ToolPath}");
        string workspace = await WriteAndRestoreWorkspaceAsync(cancellation);
        string misuse = Path.Combine(workspace, "Misuse.cs");
        string correct = Path.Combine(workspace, "Correct.cs");
        (string Code, int Line)[] expected = Markers(misuse);
        Assert.Equal(s_expectedRules, expected.Select(marker => marker.Code).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(Markers(correct));

        Stopwatch clock = Stopwatch.StartNew();
        await using LanguageServerClient client = LanguageServerClient.Start(server.Executable, ["--loglevel", "info"], workspace, Settings);

        // No textDocument.diagnostic capability: the client takes pushed diagnostics (publishDiagnostics), as Neovim
        // and most editors do; csharp-ls pushes only to clients that cannot pull.
        await client.RequestAsync(
            "initialize",
            new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = new Uri(workspace).AbsoluteUri,
                ["capabilities"] = new JsonObject
                {
                    ["textDocument"] = new JsonObject
                    {
                        ["publishDiagnostics"] = new JsonObject(),
                        ["codeAction"] = new JsonObject
                        {
                            ["codeActionLiteralSupport"] = new JsonObject
                            {
                                ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("", "quickfix", "refactor") },
                            },
                        },
                    },
                },
            },
            s_requestTimeout,
            cancellation);
        await client.NotifyAsync("initialized", new JsonObject(), cancellation);
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = Settings }, cancellation);

        // The misuse file: every marked (rule, line), and no other URING diagnostic. Lists published before the
        // project is loaded or the analyzers have run are passed over; the exact comparison comes after.
        await OpenAsync(client, misuse, cancellation);
        IReadOnlyList<LspDiagnostic> misuseDiagnostics = await client.WaitForDiagnosticsAsync(
            misuse,
            after: 0,
            published => expected.All(marker => published.Any(d => d.Code == marker.Code && d.Line == marker.Line)),
            "expected " + string.Join(", ", expected.Select(marker => $"{marker.Code} on line {marker.Line + 1}")),
            s_diagnosticsTimeout,
            cancellation);
        output.WriteLine($"Misuse.cs diagnostics after {clock.Elapsed.TotalSeconds:F1} s:\n  {string.Join("\n  ", misuseDiagnostics)}");
        Assert.Equal(
            expected.Order(),
            misuseDiagnostics.Where(IsUring).Select(d => (d.Code, d.Line)).Order());

        // The correct file, opened only now that the misuse file proves the analyzers run: no URING diagnostic, and
        // no error at all (its op's body comes from the package's generator; without it CS8795).
        long mark = client.PublishMark;
        await OpenAsync(client, correct, cancellation);
        IReadOnlyList<LspDiagnostic> correctDiagnostics = await client.WaitForDiagnosticsAsync(correct, mark, _ => true, "any, once opened", s_diagnosticsTimeout, cancellation);
        output.WriteLine($"Correct.cs diagnostics after {clock.Elapsed.TotalSeconds:F1} s: {(correctDiagnostics.Count == 0 ? "none" : string.Join("; ", correctDiagnostics))}");
        Assert.True(
            !correctDiagnostics.Any(d => IsUring(d) || d.Severity == LspDiagnostic.Error),
            $"Correct.cs must show no URING diagnostic and no error:\n{string.Join("\n", correctDiagnostics)}\n{client.Describe()}");

        await AssertCodeActionsAsync(client, misuse, misuseDiagnostics, cancellation);

        (int exitCode, IReadOnlyList<ProcessIdentity> leftRunning) = await client.ShutdownAsync(s_shutdownTimeout, cancellation);
        output.WriteLine($"shut down after {clock.Elapsed.TotalSeconds:F1} s, exit code {exitCode}");
        Assert.True(exitCode == 0, $"csharp-ls exited with {exitCode} after shutdown and exit.\n{client.Describe()}");
        Assert.True(leftRunning.Count == 0, $"csharp-ls left processes running after it exited (killed now): {string.Join(", ", leftRunning)}");
    }

    /// <summary>
    /// Asks for the code actions at each URING diagnostic that has a code fix in the package, with the diagnostic in
    /// the request's context, as an editor's quick-fix menu does.
    /// </summary>
    /// <remarks>
    /// csharp-ls 0.28.0 does not offer code fixes from analyzer packages, so what is asserted is what it does: it
    /// answers with Roslyn's own code actions at the span, and none of the package's fixes. Why: its
    /// textDocument/codeAction handler builds its list of CodeFixProviders once, by reflection over Roslyn's own
    /// assemblies (Microsoft.CodeAnalysis.Features, Microsoft.CodeAnalysis.CSharp.Features,
    /// Microsoft.CodeAnalysis.Workspaces), never from the project's analyzer references, and hands those providers
    /// only the document's compiler diagnostics (SemanticModel.GetDiagnostics), which never hold an analyzer's.
    /// Visual Studio, Rider and VS Code's C# extension load the code fixes from the package's analyzers folder; what
    /// the fixes do is tested in tests/Uring.Analyzers.Tests (CodeFixTests). If a later csharp-ls offers them, this
    /// fails: then assert the titles are offered, and update README "In the editor".
    /// </remarks>
    private async Task AssertCodeActionsAsync(LanguageServerClient client, string path, IReadOnlyList<LspDiagnostic> diagnostics, CancellationToken cancellation)
    {
        LspDiagnostic[] fixable = diagnostics.Where(d => s_codeFixTitles.ContainsKey(d.Code)).ToArray();
        Assert.Equal(s_codeFixTitles.Keys.Order(StringComparer.Ordinal), fixable.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal));
        foreach (LspDiagnostic diagnostic in fixable)
        {
            JsonElement actions = await client.RequestAsync(
                "textDocument/codeAction",
                new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri },
                    ["range"] = JsonNode.Parse(diagnostic.Range.GetRawText()),
                    ["context"] = new JsonObject
                    {
                        ["diagnostics"] = new JsonArray(JsonNode.Parse(diagnostic.Json.GetRawText())),
                        ["triggerKind"] = 1,   // invoked by the user
                    },
                },
                s_requestTimeout,
                cancellation);
            string[] titles = actions.ValueKind == JsonValueKind.Array
                ? actions.EnumerateArray().Select(action => action.TryGetProperty("title", out JsonElement title) ? title.GetString() ?? "" : "").ToArray()
                : [];
            output.WriteLine($"code actions at {diagnostic.Code} (line {diagnostic.Line + 1}): {string.Join(" | ", titles)}");

            Assert.True(titles.Length > 0, $"csharp-ls offered no code action at all at {diagnostic}: {actions.GetRawText()}\n{client.Describe()}");
            Assert.False(
                titles.Contains(s_codeFixTitles[diagnostic.Code], StringComparer.Ordinal),
                $"csharp-ls {CSharpLanguageServerTool.Version} now offers the package's code fix \"{s_codeFixTitles[diagnostic.Code]}\" at {diagnostic.Code}: "
                + "assert that it is offered (AssertCodeActionsAsync) and update README \"In the editor\", which says csharp-ls does not.");
        }
    }

    /// <summary>
    /// Copies the editor project into this run's work folder with its own build files: the package version of this
    /// run (an editor builds with no -p: arguments), this run's packages folder, and the local feed for the Uring
    /// package only; then restores it, since the language server loads projects from project.assets.json.
    /// </summary>
    private async Task<string> WriteAndRestoreWorkspaceAsync(CancellationToken cancellation)
    {
        string source = Path.Combine(package.RepositoryRoot, "tests", "PackageSmoke", "Uring.PackageSmoke.Editor");
        string workspace = Path.Combine(package.WorkDirectory, "editor-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workspace);
        foreach (string file in Directory.EnumerateFiles(source).Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(workspace, Path.GetFileName(file)));
        }

        new XDocument(
            new XComment(" Written by EditorDiagnosticsTests; stops MSBuild's upward search for build settings. "),
            new XElement(
                "Project",
                new XElement(
                    "PropertyGroup",
                    new XElement("UringVersion", package.Version),
                    new XElement("Nullable", "enable"),
                    new XElement("ImplicitUsings", "disable"),
                    new XElement("LangVersion", "latest")))).Save(Path.Combine(workspace, "Directory.Build.props"));

        new XDocument(
            new XElement(
                "configuration",
                new XElement("config", Add("globalPackagesFolder", package.PackagesFolder)),
                new XElement("packageSources", new XElement("clear"), Add("uring-local", package.Feed), Add("nuget.org", "https://api.nuget.org/v3/index.json")),
                new XElement(
                    "packageSourceMapping",
                    new XElement("packageSource", new XAttribute("key", "uring-local"), new XElement("package", new XAttribute("pattern", "Uring"))),
                    new XElement("packageSource", new XAttribute("key", "nuget.org"), new XElement("package", new XAttribute("pattern", "*")))))).Save(Path.Combine(workspace, "NuGet.config"));

        string project = Path.Combine(workspace, "Uring.PackageSmoke.Editor.csproj");
        CommandResult restore = await Dotnet.RunAsync(["restore", project, .. Dotnet.NoServers], workspace, s_restoreTimeout, cancellation);
        package.Record($"restore Uring.PackageSmoke.Editor: {restore.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"--- restore: {restore.Command} (exit {restore.ExitCode}, {restore.Elapsed.TotalSeconds:F1} s)");
        Assert.True(restore.ExitCode == 0, restore.Describe("Restoring the editor project from the local feed failed"));
        string analyzers = Path.Combine(package.PackagesFolder, "uring", package.Version, "analyzers", "dotnet", "cs");
        Assert.True(File.Exists(Path.Combine(analyzers, "Uring.Analyzers.dll")), $"No analyzers in {analyzers}.\n{restore.Tail}");
        return workspace;

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
    }

    private static async Task OpenAsync(LanguageServerClient client, string path, CancellationToken cancellation)
        => await client.NotifyAsync(
            "textDocument/didOpen",
            new JsonObject
            {
                ["textDocument"] = new JsonObject
                {
                    ["uri"] = new Uri(path).AbsoluteUri,
                    ["languageId"] = "csharp",
                    ["version"] = 1,
                    ["text"] = await File.ReadAllTextAsync(path, cancellation),
                },
            },
            cancellation);

    /// <summary>The (rule, zero-based line) pairs a file's end-of-line <c>// URINGnnnn</c> comments name.</summary>
    private static (string Code, int Line)[] Markers(string path)
        => File.ReadAllLines(path)
            .Select((text, line) => (Match: s_marker.Match(text), Line: line))
            .Where(marker => marker.Match.Success)
            .Select(marker => (marker.Match.Groups[1].Value, marker.Line))
            .ToArray();

    private static bool IsUring(LspDiagnostic diagnostic) => diagnostic.Code.StartsWith("URING", StringComparison.Ordinal);
}
