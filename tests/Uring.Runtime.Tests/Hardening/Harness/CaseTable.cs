using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Uring.Tests.Hardening.Harness;

/// <summary>The bad-input cases by family, addressed by name (theory rows carry only the name, so a failure names its case).</summary>
internal static class CaseTable
{
    private static readonly Lazy<Dictionary<string, (string Family, BadInputCase Case)>> s_all = new(Build);

    public static IReadOnlyDictionary<string, (string Family, BadInputCase Case)> All => s_all.Value;

    /// <summary>The rows of one family, displayed as "family: case" (the full name, not cut at 50 characters).</summary>
    public static IEnumerable<TheoryDataRow<string>> NamesOf(string family)
    {
        foreach (KeyValuePair<string, (string Family, BadInputCase Case)> entry in All)
        {
            if (entry.Value.Family == family)
            {
                yield return new TheoryDataRow<string>(entry.Key) { TestDisplayName = $"{family}: {entry.Key}" };
            }
        }
    }

    public static void Run(string name) => CaseRunner.Run(All[name].Case);

    private static Dictionary<string, (string, BadInputCase)> Build()
    {
        Dictionary<string, (string, BadInputCase)> all = new(StringComparer.Ordinal);
        foreach ((string family, IEnumerable<BadInputCase> cases) in Families.All)
        {
            foreach (BadInputCase badInput in cases)
            {
                if (!all.TryAdd(badInput.Name, (family, badInput)))
                {
                    throw new InvalidOperationException($"Two bad-input cases are named '{badInput.Name}'.");
                }
            }
        }

        return all;
    }
}
