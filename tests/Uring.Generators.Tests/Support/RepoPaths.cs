using System.IO;
using System.Runtime.CompilerServices;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// Folders of the source tree, found from this file's compile-time path ([CallerFilePath]), so tests
/// read and write snapshots beside the sources rather than in bin/.
/// </summary>
internal static class RepoPaths
{
    /// <summary>tests/Uring.Generators.Tests.</summary>
    public static string TestProject { get; } = FindTestProject();

    /// <summary>Where the .verified.* files live (committed).</summary>
    public static string Snapshots { get; } = Path.Combine(TestProject, "Snapshots");

    /// <summary>The repository root (the folder holding Uring.sln).</summary>
    public static string Repository { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    /// <summary>src/Uring.Runtime/Ops: the runtime's own [UringOp] declarations.</summary>
    public static string RuntimeOps { get; } = Path.Combine(Repository, "src", "Uring.Runtime", "Ops");

    private static string FindTestProject([CallerFilePath] string thisFile = "")
    {
        string project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
        if (!File.Exists(Path.Combine(project, "Uring.Generators.Tests.csproj")))
        {
            // A path map (ContinuousIntegrationBuild, PathMap) hides the real path; snapshots cannot be found.
            throw new DirectoryNotFoundException(
                $"The test sources are not at '{project}' (compile-time path '{thisFile}'); build without a PathMap.");
        }

        return project;
    }
}
