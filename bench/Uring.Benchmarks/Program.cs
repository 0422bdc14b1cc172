using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Uring.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Uring.Benchmarks -- ring-fd-ab [rounds]   (interleaved A/B, see RegisteredRingFdComparison)
// dotnet run -c Release --project bench/Uring.Benchmarks -- cross-loop-wake [hops] [rounds]   (a macro probe, not BenchmarkDotNet)
if (args.Length > 0 && args[0] == "ring-fd-ab")
{
    Uring.Benchmarks.RegisteredRingFdComparison.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "cross-loop-wake")
{
    Uring.Benchmarks.CrossLoopWakeProbe.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Uring.Benchmarks.NopCycleBenchmarks).Assembly).Run(args);
