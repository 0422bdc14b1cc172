using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;
using Xunit;

namespace Uring.Analyzers.Tests.Catalogue;

/// <summary>
/// "What does URING0003 do" has one answer: every rule of the descriptor catalogue is reported by exactly one
/// analyzer, that analyzer lives in a file named after it which names the rule, and the release tracking
/// file and the rule's docs page name the same analyzer.
/// </summary>
public sealed class RuleCatalogueTests
{
    private static readonly string s_root = typeof(RuleCatalogueTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> RuleIds { get; } = new(Descriptors().Select(descriptor => descriptor.Id));

    public static TheoryData<string> AnalyzerNames { get; } = new(Analyzers().Select(analyzer => analyzer.GetType().Name));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_reported_by_exactly_one_analyzer(string id)
    {
        string[] reporters = Analyzers()
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == id))
            .Select(analyzer => analyzer.GetType().Name)
            .ToArray();

        Assert.True(reporters.Length == 1, $"{id} is in SupportedDiagnostics of {reporters.Length} analyzers: {string.Join(", ", reporters)}");
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Every_analyzer_reports_catalogue_rules_only(string name)
    {
        string[] catalogue = Descriptors().Select(descriptor => descriptor.Id).ToArray();
        DiagnosticAnalyzer analyzer = Analyzers().Single(candidate => candidate.GetType().Name == name);

        Assert.NotEmpty(analyzer.SupportedDiagnostics);
        Assert.All(analyzer.SupportedDiagnostics, descriptor => Assert.Contains(descriptor.Id, catalogue));
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Every_analyzer_is_in_a_file_named_after_it_that_names_its_rules(string name)
    {
        string file = Assert.Single(Directory.GetFiles(Path.Combine(s_root, "src", "Uring.Analyzers"), name + ".cs", SearchOption.AllDirectories));
        string text = File.ReadAllText(file);

        foreach (string id in IdsOf(name))
        {
            Assert.True(Names(text, id), $"{Path.GetFileName(file)} does not name {id} (or a range holding it)");
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Release_tracking_names_the_analyzer_that_reports_the_rule(string id)
    {
        string[] rows = File.ReadAllLines(Path.Combine(s_root, "src", "Uring.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Where(line => line.StartsWith(id + " ", StringComparison.Ordinal))
            .ToArray();

        string row = Assert.Single(rows);
        Assert.Equal(ReporterOf(id), row.Split('|')[3].Trim());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_docs_page_names_the_analyzer_that_reports_the_rule(string id)
    {
        string docs = Path.Combine(s_root, "docs", "analyzers");
        string page = File.ReadAllText(Path.Combine(docs, id + ".md"));
        Match row = Regex.Match(page, @"^\| Analyzer \| \[`(?<name>\w+)`\]\((?<path>[^)]+)\)", RegexOptions.Multiline);

        Assert.True(row.Success, $"{id}.md has no Analyzer row");
        Assert.Equal(ReporterOf(id), row.Groups["name"].Value);
        Assert.True(File.Exists(Path.Combine(docs, row.Groups["path"].Value)), $"{id}.md links to a missing file: {row.Groups["path"].Value}");
        Assert.EndsWith("/" + ReporterOf(id) + ".cs", row.Groups["path"].Value, StringComparison.Ordinal);
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(docs, "README.md")), StringComparison.Ordinal);
    }

    /// <summary>Moving memory handed to an op corrupts memory at run time: the build must fail, not warn.</summary>
    [Fact]
    public void Provable_moving_memory_is_an_error_by_default()
    {
        Assert.Equal(DiagnosticSeverity.Error, Uring.Analyzers.Diagnostics.Descriptors.UnstableMemory.DefaultSeverity);
        string row = Assert.Single(File.ReadAllLines(Path.Combine(s_root, "src", "Uring.Analyzers", "AnalyzerReleases.Unshipped.md")), line => line.StartsWith("URING0001 ", StringComparison.Ordinal));
        Assert.Equal("Error", row.Split('|')[2].Trim());
    }

    private static string ReporterOf(string id)
        => Analyzers().Single(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == id)).GetType().Name;

    private static IEnumerable<string> IdsOf(string analyzer)
        => Analyzers().Single(candidate => candidate.GetType().Name == analyzer).SupportedDiagnostics.Select(descriptor => descriptor.Id);

    /// <summary>The id itself, or a range such as <c>URING0100–URING0111</c> that holds it.</summary>
    private static bool Names(string text, string id)
    {
        if (text.Contains(id, StringComparison.Ordinal))
        {
            return true;
        }

        int number = int.Parse(id.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
        return Regex.Matches(text, @"URING(?<from>\d{4})[–-]URING(?<to>\d{4})")
            .Any(range => int.Parse(range.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture) <= number
                          && number <= int.Parse(range.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors()
        => typeof(Descriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!);

    /// <summary>Every analyzer the assembly ships (what a build loads: [DiagnosticAnalyzer] and concrete).</summary>
    private static IEnumerable<DiagnosticAnalyzer> Analyzers()
        => typeof(UringAnalyzer).Assembly
            .GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(type => type.Name, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!);
}
