using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Uring.Analyzers.Infrastructure;

/// <summary>
/// The skeleton every Uring analyzer shares: generated code is skipped (the generator's own output is
/// correct by construction), actions run concurrently, and the runtime's symbols are resolved once per
/// compilation; a compilation that does not reference Uring.Runtime registers nothing.
/// </summary>
public abstract class UringAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            UringSymbols? symbols = UringSymbols.TryCreate(start.Compilation);
            if (symbols is not null)
            {
                Register(start, symbols);
            }
        });
    }

    /// <summary>Registers the analyzer's actions for a compilation that references Uring.Runtime.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext context, UringSymbols symbols);

    /// <summary>
    /// Registers an operation action that also gets the assignments of the method's locals, indexed once per
    /// method and only when an action asks for them.
    /// </summary>
    private protected static void RegisterWithDefinitions(
        CompilationStartAnalysisContext context,
        Action<OperationAnalysisContext, LocalDefinitions> action,
        params OperationKind[] kinds)
    {
        ImmutableArray<OperationKind> operationKinds = ImmutableArray.Create(kinds);
        context.RegisterOperationBlockStartAction(block =>
        {
            Lazy<LocalDefinitions> definitions = new(() => LocalDefinitions.For(block.OperationBlocks));
            block.RegisterOperationAction(operation => action(operation, definitions.Value), operationKinds);
        });
    }
}
