using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Uring.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Uring.Benchmarks -- cross-loop-wake [hops] [rounds]   (a macro probe, not BenchmarkDotNet)
if (args.Length > 0 && args[0] == "cross-loop-wake")
{
    Uring.Benchmarks.CrossLoopWakeProbe.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Uring.Benchmarks.NopCycleBenchmarks).Assembly).Run(args);
