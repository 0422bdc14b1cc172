using System.Linq;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// The form snapshot text is compared and stored in: no BOM, \n line ends, no trailing white space, one
/// final newline (none for empty text). Editors and git settings then cannot make a snapshot fail.
/// </summary>
internal static class SnapshotText
{
    public static string Normalize(string text)
    {
        string unified = text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');
        string body = string.Join("\n", unified.Split('\n').Select(line => line.TrimEnd())).TrimEnd('\n');
        return body.Length == 0 ? string.Empty : body + "\n";
    }
}
