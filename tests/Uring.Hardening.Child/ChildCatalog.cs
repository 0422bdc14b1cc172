using System;
using System.Collections.Generic;

namespace Uring.Hardening.Child;

/// <summary>Every child case by name. A case returns a detail line when it passes and throws when it fails.</summary>
public static class ChildCatalog
{
    private static readonly Lazy<Dictionary<string, Func<string>>> s_cases = new(Build);

    public static IEnumerable<string> Names => s_cases.Value.Keys;

    /// <summary>True for a race (seconds long, run in a child of its own); false for the quick cases (batched).</summary>
    public static bool IsRace(string name) => name.StartsWith(Cases.RaceCases.Prefix, StringComparison.Ordinal);

    public static string Run(string name)
        => s_cases.Value.TryGetValue(name, out Func<string>? run) ? run() : throw new ArgumentException($"No child case is named '{name}'.", nameof(name));

    private static Dictionary<string, Func<string>> Build()
    {
        Dictionary<string, Func<string>> all = new(StringComparer.Ordinal);
        foreach ((string name, Func<string> run) in Cases.WildContextCases.All())
        {
            all.Add(name, run);
        }

        foreach ((string name, Func<string> run) in Cases.ForeignCompletionCases.All())
        {
            all.Add(name, run);
        }

        foreach ((string name, Func<string> run) in Cases.TeardownCases.All())
        {
            all.Add(name, run);
        }

        foreach ((string name, Func<string> run) in Cases.RaceCases.All())
        {
            all.Add(name, run);
        }

        return all;
    }
}
