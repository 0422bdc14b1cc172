using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>The README's op catalogue names every public prep method of <see cref="Ring"/>, and nothing that is gone.</summary>
public sealed class ReadmeCatalogueTests
{
    [Fact]
    public void Every_prep_method_is_in_the_readme_catalogue()
    {
        string catalogue = CatalogueSection();
        string[] missing = PrepMethodNames()
            .Where(name => !System.Text.RegularExpressions.Regex.IsMatch(catalogue, @"\b" + name + @"\b"))
            .ToArray();
        Assert.True(missing.Length == 0, "README.md's op catalogue does not list: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_readme_catalogue_names_no_method_that_does_not_exist()
    {
        string[] known = PrepMethodNames();
        string[] stale = System.Text.RegularExpressions.Regex.Matches(CatalogueSection(), @"\bPrepare[A-Z][A-Za-z0-9]*")
            .Select(match => match.Value)
            .Distinct()
            .Where(name => !known.Contains(name))
            .ToArray();
        Assert.True(stale.Length == 0, "README.md's op catalogue names methods Ring does not have: " + string.Join(", ", stale));
    }

    private static string[] PrepMethodNames()
        => typeof(Ring).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.Name.StartsWith("TryPrepare", StringComparison.Ordinal))
            .Select(method => method.Name)
            .Distinct()
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

    private static string CatalogueSection([CallerFilePath] string thisFile = "")
    {
        string readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "README.md"));
        int start = readme.IndexOf("## Op catalogue", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Op catalogue' section.");
        int end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }
}
