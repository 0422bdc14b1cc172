using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// The standard <c>[UringContext]</c> case: run both generators (as a user project does), require a context
/// file per declaration, compile-after-generate cleanly, check each <c>Layout</c> against the runtime's
/// idea of it, then match the snapshots.
/// </summary>
internal static class ContextSnapshot
{
    public static GeneratorRun Verify(
        string source,
        bool allowUnsafe = true,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
    {
        SyntaxTree tree = TestCompilations.Parse(source);
        GeneratorRun run = Run(tree, allowUnsafe);

        int declared = ContextDeclarationsIn(tree);
        Assert.True(declared > 0, "The case declares no [UringContext] struct.");
        Assert.Equal(declared, run.Result.GeneratedTrees.Count(t => t.FilePath.EndsWith(".Context.g.cs", StringComparison.Ordinal)));

        GeneratedCodeAssert.CompilesCleanly(run);
        LayoutsMatchTheRuntime(run.Output);
        GeneratorSnapshot.Verify(run.Result, callerFile, callerMember);
        return run;
    }

    public static GeneratorRun Run(SyntaxTree tree, bool allowUnsafe = true)
        => GeneratorHarness.Run(
            TestCompilations.Create(new[] { tree }, allowUnsafe),
            GeneratorHarness.CreateDriver(new UringOpGenerator(), new UringContextGenerator()));

    /// <summary>
    /// Emits the output, loads it into a collectible context and, for every generated <c>Layout</c>, checks
    /// that the runtime's size is the generator's <c>LayoutSize</c> (at least 1) and fits the user data.
    /// </summary>
    public static void LayoutsMatchTheRuntime(Compilation output)
    {
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, DiagnosticText.FormatAll(emitted.Diagnostics));
        image.Position = 0;

        AssemblyLoadContext context = new("context-layouts", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(image);
            MethodInfo sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;
            Type[] layouts = assembly.GetTypes().Where(type => type.Name == "Layout" && type.DeclaringType is not null).ToArray();
            foreach (Type definition in layouts)
            {
                // A Layout in a generic type is generic: close it over object (fields never depend on type parameters).
                Type layout = definition.IsGenericTypeDefinition
                    ? definition.MakeGenericType(Array.ConvertAll(definition.GetGenericArguments(), _ => typeof(object)))
                    : definition;
                int expected = (int)definition.DeclaringType!.GetField("LayoutSize")!.GetValue(null)!;
                int actual = (int)sizeOf.MakeGenericMethod(layout).Invoke(null, null)!;
                Assert.True(Math.Max(expected, 1) == actual, $"{layout.DeclaringType}.Layout: the generator says {expected} bytes, the runtime {actual}.");
                Assert.True(actual <= ExtendedSqe.UserDataSize, $"{layout.DeclaringType}.Layout is {actual} bytes.");

                // The generated check of struct field sizes computed from their fields must pass at run time.
                MethodInfo? check = definition.DeclaringType!.GetMethod("__CheckLayout", BindingFlags.NonPublic | BindingFlags.Static);
                if (check is not null && !definition.IsGenericTypeDefinition)
                {
                    check.Invoke(null, null);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static int ContextDeclarationsIn(SyntaxTree tree)
        => tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Count(type => type.AttributeLists.SelectMany(list => list.Attributes)
                .Any(attribute => attribute.Name.ToString() is "UringContext" or "UringContextAttribute" or "Uring.UringContext"));
}
