using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Flow;

/// <summary>What a flow walker needs about the method it walks and the compilation around it.</summary>
internal sealed class FlowContext
{
    public FlowContext(OperationBlockAnalysisContext block, UringSymbols symbols, RingProvenance provenance)
    {
        Report = block.ReportDiagnostic;
        Options = block.Options;
        OwningSymbol = block.OwningSymbol;
        Symbols = symbols;
        Provenance = provenance;
        Definitions = LocalDefinitions.For(block.OperationBlocks);

        // Operations of a control-flow graph carry no semantic model; the block's own operations do.
        Model = block.OperationBlocks.IsEmpty ? null : block.OperationBlocks[0].SemanticModel;
    }

    public Action<Diagnostic> Report { get; }

    public AnalyzerOptions Options { get; }

    public ISymbol OwningSymbol { get; }

    public UringSymbols Symbols { get; }

    public RingProvenance Provenance { get; }

    public LocalDefinitions Definitions { get; }

    public SemanticModel? Model { get; }

    /// <summary>The value of a ring option, as far as the ring's creation is in sight.</summary>
    public OptionValue RingOption(IOperation ring, string option) => Provenance.Of(ring, option, Definitions, Model);
}
