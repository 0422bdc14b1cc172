using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Incremental;

/// <summary>The driver's cached state must not root the compilation of an earlier run (either generator).</summary>
public sealed class CompilationLifetimeTests
{
    [Theory]
    [InlineData("ops")]
    [InlineData("contexts")]
    public void A_new_run_does_not_keep_the_previous_compilation_alive(string pipeline)
    {
        WeakReference previous = RunBeforeAndAfterAnEdit(pipeline, out GeneratorDriver latest);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(previous.IsAlive, "The previous compilation is still reachable from the latest driver.");
        Assert.Equal(3, latest.GetRunResult().GeneratedTrees.Length);
    }

    /// <summary>
    /// Out of line, so that nothing but the returned driver (the state of the second run) can reach the
    /// first compilation: a debug build keeps a method's locals alive until it returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunBeforeAndAfterAnEdit(string pipeline, out GeneratorDriver latest)
    {
        bool contexts = pipeline == "contexts";
        Compilation first = contexts ? ContextIncrementalSources.Create() : IncrementalSources.Create();
        GeneratorDriver driver = contexts ? GeneratorHarness.CreateDriver(new UringContextGenerator()) : GeneratorHarness.CreateDriver();
        GeneratorRun before = GeneratorHarness.Run(first, driver);
        Compilation edited = IncrementalSources.Edit(first, IncrementalSources.UnrelatedPath, "value * 2", "value * 3");
        latest = GeneratorHarness.Run(edited, before.Driver).Driver;
        return new WeakReference(first);
    }
}
