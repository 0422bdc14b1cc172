using System;
using System.Diagnostics.CodeAnalysis;

namespace Uring.Hardening.Child.Support;

/// <summary>Assertions for the child's cases: a failed one throws, and the runner reports the case as FAIL.</summary>
internal static class Check
{
    public static void That([DoesNotReturnIf(false)] bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailedException(what);
        }
    }

    /// <summary>Runs <paramref name="action"/> and checks it throws exactly <typeparamref name="T"/> (with <paramref name="paramName"/> for argument exceptions).</summary>
    public static T Throws<T>(Action action, string? paramName, string what)
        where T : Exception
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            if (exception.GetType() != typeof(T))
            {
                throw new CheckFailedException($"{what}: expected {typeof(T).Name}, got {exception.GetType().Name}: {exception.Message}");
            }

            if (exception is ArgumentException argument && argument.ParamName != paramName)
            {
                throw new CheckFailedException($"{what}: {exception.GetType().Name} names '{argument.ParamName}', expected '{paramName}'");
            }

            if (exception is ObjectDisposedException disposed && disposed.ObjectName != "Ring")
            {
                throw new CheckFailedException($"{what}: ObjectDisposedException names '{disposed.ObjectName}', expected 'Ring'");
            }

            return (T)exception;
        }

        throw new CheckFailedException($"{what}: expected {typeof(T).Name}, nothing was thrown");
    }
}

/// <summary>A failed check of a child case.</summary>
internal sealed class CheckFailedException(string message) : Exception(message);
