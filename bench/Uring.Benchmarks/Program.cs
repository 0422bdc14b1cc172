using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Uring.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Uring.Benchmarks -- ring-fd-ab [rounds]   (interleaved A/B, see RegisteredRingFdComparison)
if (args.Length > 0 && args[0] == "ring-fd-ab")
{
    Uring.Benchmarks.RegisteredRingFdComparison.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Uring.Benchmarks.NopCycleBenchmarks).Assembly).Run(args);
