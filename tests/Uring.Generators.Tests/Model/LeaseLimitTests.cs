using System.Reflection;
using Uring.Generators.Model;
using Xunit;

namespace Uring.Generators.Tests.Model;

/// <summary>
/// The generator writes a Memory overload for at most as many memory parameters as one of the ring's buffer
/// leases holds pins: the two numbers live in two assemblies (the generator cannot reference the runtime), so this
/// test keeps them equal.
/// </summary>
public sealed class LeaseLimitTests
{
    [Fact]
    public void The_generator_leases_no_more_parameters_than_a_lease_holds_pins()
    {
        FieldInfo pins = typeof(Ring).Assembly.GetType("Uring.BufferLeases", throwOnError: true)!
            .GetField("MaxPins", BindingFlags.Public | BindingFlags.Static)!;
        Assert.Equal(OpInspector.MaxLeasedParameters, (int)pins.GetRawConstantValue()!);
    }
}
