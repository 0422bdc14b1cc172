using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Loop.LoopThreadBlockedAnalyzer>;

namespace Uring.Analyzers.Tests.Loop;

/// <summary>URING0012: the loop thread blocked on the loop's own work.</summary>
public sealed class LoopThreadBlockedTests
{
    [Fact]
    public Task Result_in_posted_work_is_reported() => V.Diagnostics("""
        sealed class Handshake
        {
            public void Begin(EventLoop loop, LoopConnection connection, byte[] hello)
            {
                loop.Post(() =>
                {
                    {|URING0012:connection.SendAsync(hello).AsTask().Wait()|};
                    int n = {|URING0012:connection.ReceiveAsync(hello.AsMemory()).Result|};
                    Console.WriteLine(n);
                });
            }
        }
        """);

    [Fact]
    public Task GetResult_after_SwitchTo_is_reported() => V.Diagnostics("""
        sealed class Throttle
        {
            public async Task PauseAsync(EventLoop loop)
            {
                await loop.SwitchTo();
                {|URING0012:loop.DelayAsync(TimeSpan.FromMilliseconds(20)).GetAwaiter().GetResult()|};
            }
        }
        """);

    [Fact]
    public Task A_stored_operation_blocked_on_in_RunAsync_is_reported() => V.Diagnostics("""
        sealed class FileProbe
        {
            public Task<long> SizeAsync(EventLoop loop, Microsoft.Win32.SafeHandles.SafeFileHandle file)
                => loop.RunAsync(() =>
                {
                    var pending = loop.StatxAsync(file).AsTask();
                    {|URING0012:Task.WaitAll(pending)|};
                    return Task.FromResult(0L);
                });
        }
        """);

    [Fact]
    public Task Blocking_off_the_loop_is_fine() => V.Diagnostics("""
        sealed class Program
        {
            public static void Main()
            {
                using var loop = new EventLoop();
                loop.RunAsync(async () => await loop.DelayAsync(TimeSpan.FromMilliseconds(1))).Wait();
                loop.DelayAsync(TimeSpan.FromMilliseconds(1)).AsTask().GetAwaiter().GetResult();
            }

            public static Task Offload(EventLoop loop) => loop.RunAsync(async () =>
            {
                await Task.Delay(1).ConfigureAwait(false);
                loop.DelayAsync(TimeSpan.FromMilliseconds(1)).AsTask().Wait();
            });
        }
        """);

    [Fact]
    public Task Completed_or_foreign_tasks_on_the_loop_are_fine() => V.Diagnostics("""
        sealed class Gather
        {
            public Task RunAsync(EventLoop loop, LoopConnection a, LoopConnection b, byte[] x, byte[] y)
                => loop.RunAsync(async () =>
                {
                    Task<int> first = a.ReceiveAsync(x.AsMemory()).AsTask();
                    Task<int> second = b.ReceiveAsync(y.AsMemory()).AsTask();
                    await Task.WhenAll(first, second);
                    Console.WriteLine(first.Result + second.Result);
                    string text = System.IO.File.ReadAllTextAsync("/etc/hostname").Result;
                    Console.WriteLine(text);
                });
        }
        """);
}
