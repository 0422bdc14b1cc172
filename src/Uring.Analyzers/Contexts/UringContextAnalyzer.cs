using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Generators.Model;

namespace Uring.Analyzers.Contexts;

/// <summary>
/// URING0150–URING0156: says why the generator writes nothing for a <c>[UringContext]</c> struct, or why a
/// <c>[UringHandler]</c> method is not called directly. The checks are <see cref="ContextInspector"/>, the
/// same source file the generator compiles, so the two cannot disagree; every problem is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UringContextAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        ContextDescriptors.ContextShape,
        ContextDescriptors.ContextTooLarge,
        ContextDescriptors.ContextField,
        ContextDescriptors.ContextTooManyReferences,
        ContextDescriptors.ContextSecondHandler,
        ContextDescriptors.ContextReservedName,
        ContextDescriptors.HandlerShape);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? contextAttribute = start.Compilation.GetTypeByMetadataName("Uring.UringContextAttribute");
            INamedTypeSymbol? handlerAttribute = start.Compilation.GetTypeByMetadataName("Uring.UringHandlerAttribute");
            if (contextAttribute is not null)
            {
                start.RegisterSymbolAction(symbol => AnalyzeContext(symbol, contextAttribute), SymbolKind.NamedType);
            }

            if (handlerAttribute is not null)
            {
                start.RegisterSymbolAction(symbol => AnalyzeHandler(symbol, handlerAttribute), SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeContext(SymbolAnalysisContext context, INamedTypeSymbol attribute)
    {
        INamedTypeSymbol type = (INamedTypeSymbol)context.Symbol;
        AttributeData? applied = Find(type, attribute);
        if (applied is null)
        {
            return;
        }

        ContextInspection inspection = ContextInspector.Inspect(type, context.CancellationToken);
        foreach (ContextProblem problem in inspection.Problems)
        {
            Location location = ReferenceEquals(problem.Symbol, type) ? TypeLocation(type, applied) : MemberLocation(problem.Symbol, type, applied);
            context.ReportDiagnostic(Diagnostic.Create(DescriptorOf(problem.Rule), location, problem.Arguments));
        }
    }

    private static void AnalyzeHandler(SymbolAnalysisContext context, INamedTypeSymbol attribute)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (method.PartialImplementationPart is not null || Find(method, attribute) is null)
        {
            return;
        }

        string? problem = ContextInspector.HandlerProblem(method);
        if (problem is not null && method.Locations.Length > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(ContextDescriptors.HandlerShape, method.Locations[0], method.Name, problem));
        }
    }

    private static DiagnosticDescriptor DescriptorOf(ContextRule rule) => rule switch
    {
        ContextRule.NotPartialStruct => ContextDescriptors.ContextShape,
        ContextRule.TooLarge => ContextDescriptors.ContextTooLarge,
        ContextRule.UnsupportedField => ContextDescriptors.ContextField,
        ContextRule.TooManyManagedFields => ContextDescriptors.ContextTooManyReferences,
        ContextRule.MoreThanOneHandler => ContextDescriptors.ContextSecondHandler,
        ContextRule.ReservedName => ContextDescriptors.ContextReservedName,
        _ => ContextDescriptors.HandlerShape,
    };

    private static AttributeData? Find(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>The name in the declaration that carries the attribute (not a generated part).</summary>
    private static Location TypeLocation(INamedTypeSymbol type, AttributeData applied)
    {
        SyntaxNode? node = applied.ApplicationSyntaxReference?.GetSyntax();
        while (node is not null && node is not BaseTypeDeclarationSyntax)
        {
            node = node.Parent;
        }

        return node is BaseTypeDeclarationSyntax declaration
            ? declaration.Identifier.GetLocation()
            : type.Locations.Length > 0 ? type.Locations[0] : Location.None;
    }

    private static Location MemberLocation(ISymbol member, INamedTypeSymbol type, AttributeData applied)
    {
        foreach (Location location in member.Locations)
        {
            if (location.IsInSource)
            {
                return location;
            }
        }

        return TypeLocation(type, applied);
    }
}
