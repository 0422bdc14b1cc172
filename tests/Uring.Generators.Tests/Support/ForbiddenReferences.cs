using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// Walks an object graph by reflection (every instance field, public or not, through arrays) and lists
/// the paths at which it holds compiler objects that must not live in incremental models: they never
/// compare equal across runs and they root old compilations.
/// </summary>
internal static class ForbiddenReferences
{
    private static readonly Type[] s_forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel), typeof(Compilation),
    };

    public static IReadOnlyList<string> In(object? root, string rootName = "output")
    {
        List<string> found = new();
        Walk(root, rootName, new HashSet<object>(ReferenceEqualityComparer.Instance), found);
        return found;
    }

    private static void Walk(object? value, string path, HashSet<object> visited, List<string> found)
    {
        if (value is null || value is string || value is Pointer)
        {
            return;
        }

        Type type = value.GetType();
        if (s_forbidden.FirstOrDefault(forbidden => forbidden.IsInstanceOfType(value)) is { } hit)
        {
            found.Add($"{path}: {type.FullName} is an {hit.Name}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || (!type.IsValueType && !visited.Add(value)))
        {
            return;
        }

        if (value is Array array)
        {
            int index = 0;
            foreach (object? element in array)
            {
                Walk(element, $"{path}[{index++}]", visited, found);
            }

            return;
        }

        for (Type? current = type; current is not null; current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), path + "." + field.Name, visited, found);
            }
        }
    }
}
