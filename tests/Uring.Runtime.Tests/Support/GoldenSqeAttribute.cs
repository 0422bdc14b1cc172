using System;

namespace Uring.Tests.Support;

/// <summary>
/// Marks a golden SQE test: it compares the bytes <paramref name="prepMethod"/> (a public prep method of
/// <see cref="Ring"/>, by <c>nameof</c>) writes with bytes built from the uapi offsets
/// (<see cref="ExpectedSqe"/>). <c>GoldenCoverageTests</c> fails for every public prep method no such test names.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class GoldenSqeAttribute(string prepMethod) : Attribute
{
    /// <summary>The name of the prep method whose encoding the test checks.</summary>
    public string PrepMethod { get; } = prepMethod;
}
