using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Incremental;

/// <summary>Pipeline models hold strings, numbers and equatable arrays only (see DESIGN.md, generator hygiene).</summary>
public sealed class ModelPurityTests
{
    [Theory]
    [InlineData(TrackingNames.OpModels)]
    [InlineData(TrackingNames.ValidOpModels)]
    public void Step_outputs_hold_no_symbols_syntax_locations_or_compilations(string stepName)
    {
        GeneratorRun run = GeneratorHarness.Run(IncrementalSources.Create());

        IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> outputs = StepAssert.Outputs(run.Result, stepName);
        Assert.Equal(3, outputs.Count(output => output.Value is not null));
        string[] found = outputs.SelectMany((output, i) => ForbiddenReferences.In(output.Value, $"{stepName}[{i}]")).ToArray();
        Assert.True(found.Length == 0, "Compiler objects in the pipeline:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_walker_finds_compiler_objects_nested_in_fields_and_arrays()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText("class C { }", cancellationToken: TestContext.Current.CancellationToken);
        object graph = new
        {
            Name = "fine",
            Nested = new object[] { 1, new { Node = tree.GetRoot(TestContext.Current.CancellationToken) } },
            Where = new KeyValuePair<string, Location>("at", Location.None),
        };

        IReadOnlyList<string> found = ForbiddenReferences.In(graph);

        Assert.Equal(2, found.Count);
        Assert.Contains(found, path => path.Contains("Node", System.StringComparison.Ordinal));
        Assert.Contains(found, path => path.Contains("value", System.StringComparison.Ordinal));
    }
}
