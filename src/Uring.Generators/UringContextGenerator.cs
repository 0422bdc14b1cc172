using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Generators.Emit;
using Uring.Generators.Helpers;
using Uring.Generators.Model;

namespace Uring.Generators;

/// <summary>
/// Writes the typed accessors of <c>[UringContext]</c> structs and, for contexts with a handler slot, a
/// dispatcher that calls the compilation's <c>[UringHandler]</c> methods directly. Same hygiene as
/// <see cref="UringOpGenerator"/>: <c>ForAttributeWithMetadataName</c>, equatable models built in the first
/// transform, text emitted only in <c>RegisterSourceOutput</c>, misuse left to Uring.Analyzers.
/// </summary>
/// <remarks>
/// The layout and accessors of a context depend on the context alone; only its (small) dispatcher file
/// depends on the set of handlers, so editing a handler never re-emits a layout.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class UringContextGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ContextModel> contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.UringContextAttribute,
                predicate: static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => ContextModelBuilder.Build(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.ContextModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidContextModels);

        context.RegisterSourceOutput(contexts, static (production, model) => production.AddSource(model.HintName, ContextEmitter.Emit(model)));

        IncrementalValueProvider<EquatableArray<HandlerModel>> handlers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.UringHandlerAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => ContextModelBuilder.BuildHandler(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.HandlerModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .Collect()
            .Select(static (all, _) => new EquatableArray<HandlerModel>(all.ToArray()))
            .WithTrackingName(TrackingNames.HandlerSet);

        IncrementalValueProvider<bool> allowUnsafe = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
            .WithTrackingName(TrackingNames.UnsafeAllowed);

        IncrementalValuesProvider<DispatchModel> dispatchers = contexts
            .Where(static model => model.Handler is not null)
            .Select(static (model, _) => ContextModelBuilder.SiteOf(model))
            .WithTrackingName(TrackingNames.DispatchSites)
            .Combine(handlers)
            .Combine(allowUnsafe)
            .Select(static (input, _) => ContextModelBuilder.Plan(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.DispatchModels);

        context.RegisterSourceOutput(dispatchers, static (production, model) => production.AddSource(model.Site.HintName, DispatchEmitter.Emit(model)));
    }
}
