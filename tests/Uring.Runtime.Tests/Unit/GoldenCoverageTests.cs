using System;
using System.Linq;
using System.Reflection;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Every public prep method of <see cref="Ring"/> has a golden SQE test (a test marked
/// <see cref="GoldenSqeAttribute"/> with its name). The generic <c>in TContext</c> overloads are excluded: the
/// generator writes them to call the method they overload, whose bytes the golden test checks.
/// </summary>
public sealed class GoldenCoverageTests
{
    [Fact]
    public void Every_public_prep_method_has_a_golden_test()
    {
        string[] covered = CoveredNames();
        string[] missing = PublicPrepMethodNames().Where(name => !covered.Contains(name)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} public prep methods have no [GoldenSqe] test: " + string.Join(", ", missing));
    }

    [Fact]
    public void Golden_tests_name_only_methods_that_exist()
    {
        string[] known = PublicPrepMethodNames();
        string[] stale = CoveredNames().Where(name => !known.Contains(name)).ToArray();
        Assert.True(stale.Length == 0, "[GoldenSqe] names methods Ring does not have publicly: " + string.Join(", ", stale));
    }

    [Fact]
    public void Golden_tests_are_tests()
    {
        string[] notTests = GoldenTests()
            .Where(method => method.GetCustomAttributes().All(attribute => attribute is not FactAttribute))
            .Select(method => method.DeclaringType!.Name + "." + method.Name)
            .ToArray();
        Assert.True(notTests.Length == 0, "[GoldenSqe] on methods that are not [Fact]/[Theory]: " + string.Join(", ", notTests));
    }

    internal static string[] PublicPrepMethodNames()
        => typeof(Ring).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => method.Name.StartsWith("TryPrepare", StringComparison.Ordinal) && !method.IsGenericMethodDefinition)
            .Select(method => method.Name)
            .Distinct()
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

    private static MethodInfo[] GoldenTests()
        => typeof(GoldenCoverageTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes<GoldenSqeAttribute>().Any())
            .ToArray();

    private static string[] CoveredNames()
        => GoldenTests()
            .SelectMany(method => method.GetCustomAttributes<GoldenSqeAttribute>())
            .Select(attribute => attribute.PrepMethod)
            .Distinct()
            .ToArray();
}
