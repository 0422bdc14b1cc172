using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Uring.Tests.Support;

/// <summary>
/// A thread a test starts, with the part of <see cref="Thread"/>'s surface tests use. An exception its body throws is
/// kept and rethrown by <see cref="Join(TimeSpan)"/> on the test's own thread, so it fails that test; on a raw
/// <see cref="Thread"/> it would end the whole test process (exit code 134, every other test lost with it). Test
/// projects ban <see cref="Thread"/>'s constructors (BannedSymbols.txt) so that every test thread is one of these.
/// </summary>
internal sealed class TestThread
{
    private readonly Thread _thread;
    private Exception? _failure;

    /// <summary>A thread (not started) that runs <paramref name="body"/>.</summary>
    public TestThread(Action body)
        : this(body, 0)
    {
    }

    /// <summary>A thread (not started) with a stack of <paramref name="maxStackSize"/> bytes (0: the default).</summary>
    public TestThread(Action body, int maxStackSize)
    {
#pragma warning disable RS0030 // The one place a test constructs a Thread.
        _thread = new Thread(() => Run(body), maxStackSize);
#pragma warning restore RS0030
    }

    /// <inheritdoc cref="Thread.IsBackground"/>
    public bool IsBackground
    {
        get => _thread.IsBackground;
        set => _thread.IsBackground = value;
    }

    /// <inheritdoc cref="Thread.Name"/>
    public string? Name
    {
        get => _thread.Name;
        init => _thread.Name = value;
    }

    /// <inheritdoc cref="Thread.ManagedThreadId"/>
    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <inheritdoc cref="Thread.IsAlive"/>
    public bool IsAlive => _thread.IsAlive;

    /// <summary>Starts the thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the thread to end: false if it has not; when it has, rethrows what its
    /// body threw, if anything.
    /// </summary>
    public bool Join(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
        {
            return false;
        }

        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return true;
    }

    /// <summary>Waits for the thread to end and rethrows what its body threw, if anything.</summary>
    public void Join() => Join(Timeout.InfiniteTimeSpan);

    private void Run(Action body)
    {
        try
        {
            body();
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }
}
