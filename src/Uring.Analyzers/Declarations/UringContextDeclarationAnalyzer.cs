using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;
using Uring.Generators;
using Uring.Generators.Model;

namespace Uring.Analyzers.Declarations;

/// <summary>
/// URING0150–URING0156: says why the generator writes nothing for a <c>[UringContext]</c> struct, or why a
/// <c>[UringHandler]</c> method is not called directly. The checks are <see cref="ContextInspector"/>, the
/// same source file the generator compiles, so the two cannot disagree; every problem is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UringContextDeclarationAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ContextShape,
        Descriptors.ContextTooLarge,
        Descriptors.ContextField,
        Descriptors.ContextTooManyReferences,
        Descriptors.ContextSecondHandler,
        Descriptors.ContextReservedName,
        Descriptors.HandlerShape);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        INamedTypeSymbol? contextAttribute = context.Compilation.GetTypeByMetadataName(KnownNames.UringContextAttribute);
        INamedTypeSymbol? handlerAttribute = context.Compilation.GetTypeByMetadataName(KnownNames.UringHandlerAttribute);
        if (contextAttribute is not null)
        {
            context.RegisterSymbolAction(symbol => AnalyzeContext(symbol, contextAttribute), SymbolKind.NamedType);
        }

        if (handlerAttribute is not null)
        {
            context.RegisterSymbolAction(symbol => AnalyzeHandler(symbol, handlerAttribute), SymbolKind.Method);
        }
    }

    private static void AnalyzeContext(SymbolAnalysisContext context, INamedTypeSymbol attribute)
    {
        INamedTypeSymbol type = (INamedTypeSymbol)context.Symbol;
        AttributeData? applied = UringSymbols.Find(type, attribute);
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
        if (method.PartialImplementationPart is not null || !UringSymbols.Has(method, attribute))
        {
            return;
        }

        string? problem = ContextInspector.HandlerProblem(method);
        if (problem is not null && method.Locations.Length > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HandlerShape, method.Locations[0], method.Name, problem));
        }
    }

    private static DiagnosticDescriptor DescriptorOf(ContextRule rule) => rule switch
    {
        ContextRule.NotPartialStruct => Descriptors.ContextShape,
        ContextRule.TooLarge => Descriptors.ContextTooLarge,
        ContextRule.UnsupportedField => Descriptors.ContextField,
        ContextRule.TooManyManagedFields => Descriptors.ContextTooManyReferences,
        ContextRule.MoreThanOneHandler => Descriptors.ContextSecondHandler,
        ContextRule.ReservedName => Descriptors.ContextReservedName,
        _ => Descriptors.HandlerShape,
    };

    /// <summary>The name in the declaration that carries the attribute (never the generated part).</summary>
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
