using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Uring.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Uring.Benchmarks.NopCycleBenchmarks).Assembly).Run(args);
