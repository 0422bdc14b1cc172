using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Uring.Tests.Support;

/// <summary>
/// Where each public member of <see cref="Ring"/> is declared: the runtime's <c>partial class Ring</c> files are
/// split by concern (lifecycle, submission, one file per op family, ...), so the declaring file says which group
/// of the member listing a member belongs to. Reflection cannot tell (generated op bodies live in generated
/// files, and auto-properties have no sequence points), so this reads the declarations from the sources.
/// </summary>
internal sealed partial class RingSourceMap
{
    private readonly Dictionary<string, List<Declaration>> _byName;

    private RingSourceMap(Dictionary<string, List<Declaration>> byName) => _byName = byName;

    /// <summary>Files (relative to the runtime project, '/'-separated) that declare public members of Ring.</summary>
    public IEnumerable<string> Files => _byName.Values.SelectMany(list => list).Select(d => d.File).Distinct().Order(StringComparer.Ordinal);

    /// <summary>Scans every <c>*.cs</c> file under <paramref name="runtimeDirectory"/> (generated output excluded).</summary>
    public static RingSourceMap Load(string runtimeDirectory)
    {
        Dictionary<string, List<Declaration>> byName = new(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(runtimeDirectory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(runtimeDirectory, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            bool inRing = false;
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (RingPart().IsMatch(line))
                {
                    inRing = true;
                    continue;
                }

                if (inRing && line == "}")
                {
                    // The partial class ends at the file's top-level closing brace; other types may follow.
                    inRing = false;
                    continue;
                }

                Match member = inRing ? PublicMember().Match(line) : Match.Empty;
                if (member.Success)
                {
                    string name = member.Groups["name"].Value;
                    if (!byName.TryGetValue(name, out List<Declaration>? list))
                    {
                        byName[name] = list = new List<Declaration>();
                    }

                    list.Add(new Declaration(relative, i + 1));
                }
            }
        }

        return new RingSourceMap(byName);
    }

    /// <summary>
    /// The file that declares <paramref name="name"/> (a constructor is named "Ring"). A name declared in several
    /// files (an op with a hand-written overload beside its generated ones) belongs to its op family's file under
    /// <c>Ops/</c> when it has one, else to the first file.
    /// </summary>
    public Declaration? Find(string name)
    {
        if (!_byName.TryGetValue(name, out List<Declaration>? list))
        {
            return null;
        }

        return list.FirstOrDefault(d => d.File.StartsWith("Ops/", StringComparison.Ordinal)) ?? list[0];
    }

    /// <summary>A line that opens a part of <c>Ring</c> at the top level of a file.</summary>
    [GeneratedRegex(@"^public\s+(?:\w+\s+)*partial\s+class\s+Ring\b")]
    private static partial Regex RingPart();

    /// <summary>
    /// A public member of Ring (members sit at four spaces): a method, constructor, property, event or field.
    /// The name is the identifier followed by a parameter list, a generic parameter list, an accessor body, an
    /// expression body, an initializer, a semicolon, or the end of the line (a property whose body follows).
    /// </summary>
    [GeneratedRegex(@"^    public\s+(?:[^(=;{]*?\s)?(?<name>[A-Za-z_]\w*)\s*(?:<[^>]*>\s*)?(?:\(|\{|=>|=|;|$)")]
    private static partial Regex PublicMember();

    /// <summary>A declaration: the file, relative to the runtime project, and its 1-based line.</summary>
    internal sealed record Declaration(string File, int Line);
}
