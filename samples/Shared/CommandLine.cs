using System;
using System.Collections.Generic;
using System.Globalization;

namespace Uring.Samples.Shared;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches, read by name; <see cref="RejectUnknown"/> catches typos
/// (an option nobody asked for).
/// </summary>
public sealed class CommandLine
{
    private readonly string[] _args;
    private readonly HashSet<int> _used = [];

    public CommandLine(string[] args, int skip = 0)
    {
        _args = args;
        for (int i = 0; i < skip; i++)
        {
            _used.Add(i);
        }
    }

    public int Int(string name, int fallback) => Value(name) is { } text ? Parse(name, text, static t => int.Parse(t, CultureInfo.InvariantCulture)) : fallback;

    public double Double(string name, double fallback) => Value(name) is { } text ? Parse(name, text, static t => double.Parse(t, CultureInfo.InvariantCulture)) : fallback;

    public string String(string name, string fallback) => Value(name) ?? fallback;

    public bool Flag(string name)
    {
        int index = Array.IndexOf(_args, name);
        if (index >= 0)
        {
            _used.Add(index);
        }

        return index >= 0;
    }

    /// <summary>Arguments that are not options (and were not skipped), in order.</summary>
    public IReadOnlyList<string> Positional()
    {
        List<string> rest = [];
        for (int i = 0; i < _args.Length; i++)
        {
            if (!_used.Contains(i) && !_args[i].StartsWith("--", StringComparison.Ordinal))
            {
                _used.Add(i);
                rest.Add(_args[i]);
            }
        }

        return rest;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first argument no option consumed.</summary>
    public void RejectUnknown()
    {
        for (int i = 0; i < _args.Length; i++)
        {
            if (!_used.Contains(i))
            {
                throw new ArgumentException($"unknown argument '{_args[i]}'");
            }
        }
    }

    private string? Value(string name)
    {
        int index = Array.IndexOf(_args, name);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= _args.Length)
        {
            throw new ArgumentException($"{name} needs a value");
        }

        _used.Add(index);
        _used.Add(index + 1);
        return _args[index + 1];
    }

    private static T Parse<T>(string name, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{name}: '{text}' is not a number");
        }
    }
}
