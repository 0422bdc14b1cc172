using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Uring.Generators.Tests.Support;

/// <summary>One file of a snapshot: its name in the snapshot folder (with ".verified.") and its text.</summary>
internal sealed record SnapshotFile(string Name, string Content);

/// <summary>
/// Compares snapshot files with the committed <c>*.verified.*</c> files. A difference writes a
/// <c>*.received.*</c> file beside the verified one and fails with a short diff. With
/// <c>URING_ACCEPT_SNAPSHOTS=1</c> the verified files are overwritten (and stale ones deleted) instead.
/// A missing verified file fails under <c>CI=true</c>; locally it is created and the test still fails,
/// so the developer reviews and commits it.
/// </summary>
internal sealed class SnapshotStore
{
    public const string AcceptVariable = "URING_ACCEPT_SNAPSHOTS";

    private readonly string _directory;
    private readonly bool _accept;
    private readonly bool _ci;

    public SnapshotStore(string directory, bool accept, bool ci)
    {
        _directory = directory;
        _accept = accept;
        _ci = ci;
    }

    public static SnapshotStore FromEnvironment() => new(
        RepoPaths.Snapshots,
        Environment.GetEnvironmentVariable(AcceptVariable) == "1",
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks the files of one snapshot (all named <paramref name="prefix"/>#... or <paramref name="prefix"/>.
    /// ...); returns one message per problem, none when everything matches.
    /// </summary>
    public IReadOnlyList<string> Check(string prefix, IReadOnlyCollection<SnapshotFile> files)
    {
        Directory.CreateDirectory(_directory);
        List<string> problems = new();
        foreach (SnapshotFile file in files)
        {
            string? problem = CheckOne(file.Name, SnapshotText.Normalize(file.Content));
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        HashSet<string> expected = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string stale in Directory.EnumerateFiles(_directory, prefix + "#*.verified.*")
            .Select(path => Path.GetFileName(path))
            .Where(name => !expected.Contains(name)))
        {
            if (_accept)
            {
                File.Delete(Path.Combine(_directory, stale));
            }
            else
            {
                problems.Add($"{stale}: no longer produced; delete it or rerun with {AcceptVariable}=1.");
            }
        }

        return problems;
    }

    private string? CheckOne(string name, string actual)
    {
        string verifiedPath = Path.Combine(_directory, name);
        string receivedPath = Path.Combine(_directory, name.Replace(".verified.", ".received.", StringComparison.Ordinal));
        if (!File.Exists(verifiedPath))
        {
            if (_ci && !_accept)
            {
                return $"{name}: missing (CI never creates snapshots; run the tests locally and commit the file).";
            }

            File.WriteAllText(verifiedPath, actual);
            return _accept ? null : $"{name}: created; review it, commit it and rerun.";
        }

        string verified = SnapshotText.Normalize(File.ReadAllText(verifiedPath));
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return null;
        }

        if (_accept)
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, actual);
        return $"{name}: differs (received file written beside it; accept with {AcceptVariable}=1):\n"
            + LineDiff.Describe(verified, actual);
    }
}
