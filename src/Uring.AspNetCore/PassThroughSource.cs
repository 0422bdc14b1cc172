using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Uring.AspNetCore;

/// <summary>
/// Stands in for one pending <see cref="ValueTask{TResult}"/> of a pipe (one read or one flush at a time, as pipes allow) so
/// that its result can be translated when it is taken (<see cref="Translate"/>), without allocating: the continuation and
/// its state are kept in fields, and one cached delegate hands them on when the pipe completes the inner task. The inner
/// pipe's scheduler decides where the continuation runs, as it would without this layer (the pipes ignore the awaiter's
/// synchronization context).
/// </summary>
/// <typeparam name="T">The pipe's result type.</typeparam>
internal abstract class PassThroughSource<T> : IValueTaskSource<T>
{
    private readonly Action _innerCompleted;
    private ValueTask<T> _inner;
    private Action<object?>? _continuation;
    private object? _state;
    private ExecutionContext? _executionContext;
    private short _token;

    protected PassThroughSource() => _innerCompleted = InnerCompleted;

    /// <summary>The result of a completed inner task, translated (throws what the caller should see).</summary>
    protected abstract T Translate(ValueTask<T> completed);

    /// <summary>
    /// The translated result of <paramref name="inner"/> when it has completed (taken once, here), or a task over this
    /// source while it is pending.
    /// </summary>
    public ValueTask<T> Wrap(ValueTask<T> inner)
    {
        if (inner.IsCompleted)
        {
            return new ValueTask<T>(Translate(inner));
        }

        _inner = inner;
        return new ValueTask<T>(this, ++_token);
    }

    T IValueTaskSource<T>.GetResult(short token)
    {
        ValueTask<T> inner = _inner;
        _inner = default;
        return Translate(inner);
    }

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token)
    {
        ValueTask<T> inner = _inner;
        if (!inner.IsCompleted)
        {
            return ValueTaskSourceStatus.Pending;
        }

        // Failures are translated into results or other exceptions by GetResult, which the awaiter calls either way.
        return inner.IsCanceled ? ValueTaskSourceStatus.Canceled : ValueTaskSourceStatus.Succeeded;
    }

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        _continuation = continuation;
        _state = state;
        _executionContext = (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0 ? ExecutionContext.Capture() : null;
        _inner.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_innerCompleted);
    }

    private void InnerCompleted()
    {
        Action<object?> continuation = _continuation!;
        object? state = _state;
        ExecutionContext? context = _executionContext;
        _continuation = null;
        _state = null;
        _executionContext = null;
        if (context is null)
        {
            continuation(state);
        }
        else
        {
            // Only for OnCompleted callers that flow the context (await uses UnsafeOnCompleted): rare, so the tuple's box is fine.
            ExecutionContext.Run(context, static boxed =>
            {
                (Action<object?> next, object? argument) = ((Action<object?>, object?))boxed!;
                next(argument);
            }, (continuation, state));
        }
    }
}
