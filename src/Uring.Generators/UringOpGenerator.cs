using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Generators.Emit;
using Uring.Generators.Model;

namespace Uring.Generators;

/// <summary>
/// Writes the bodies of <c>[UringOp]</c> op-prep methods and, next to each, a generic overload that takes a
/// <c>[UringContext]</c> value (<c>in TContext context</c>) instead of the <c>SqeContext</c>. The pipeline finds the attribute with
/// <c>ForAttributeWithMetadataName</c>, reduces each method to an equatable <see cref="OpModel"/> in the
/// first transform (no symbols, syntax, locations or compilations survive it), and emits text only in
/// <c>RegisterSourceOutput</c>. Misuse is reported by Uring.Analyzers, never here. An op of the runtime itself (its
/// assembly declares <c>Uring.Ring</c>) gets a body that calls the ring's internal reserve/publish/abandon; an op of
/// any other assembly gets one that uses only the public <c>Ring.TryPrepare</c> (<c>OpModelBuilder.ArgumentsTypeOf</c>
/// says how the two are told apart, <c>UserOpEmitter</c> writes the second). An op whose held
/// memory is spans of pointer-free elements also gets <c>Memory&lt;T&gt;</c> overloads, whose memory the ring keeps
/// pinned until the final completion. A second pipeline writes only the generic overload for the runtime's hand-written ops marked <c>[GenerateContextOverload]</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class UringOpGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<OpModel?> models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.UringOpAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => OpModelBuilder.Build(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.OpModels);

        IncrementalValuesProvider<OpModel> valid = models
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidOpModels);

        context.RegisterSourceOutput(valid, static (production, model) => production.AddSource(model.HintName, OpEmitter.Emit(model)));

        IncrementalValuesProvider<OpModel> handWritten = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.GenerateContextOverloadAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => OpModelBuilder.BuildHandWritten(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.HandWrittenOverloadModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!);

        context.RegisterSourceOutput(handWritten, static (production, model) => production.AddSource(model.HintName, OpEmitter.Emit(model)));
    }
}
