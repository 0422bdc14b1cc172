using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// <c>[GenerateContextOverload]</c> on a hand-written op-prep method (the runtime's wrappers that validate
/// before they reserve): only the generic context overload is generated, with the held-memory mark and the
/// defaults repeated, calling the hand-written method. The attribute is internal to Uring.Runtime, so these
/// cases declare their own copy, as the runtime's source does.
/// </summary>
public sealed class HandWrittenOverloadTests
{
    private const string Attribute = """
        namespace Uring
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            internal sealed class GenerateContextOverloadAttribute : System.Attribute { }
        }

        """;

    [Fact]
    public void Only_the_overload_is_written_and_it_calls_the_hand_written_method()
    {
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(Attribute + """
            namespace App
            {
                using System;
                using Uring;

                public static partial class CheckedOps
                {
                    /// <summary>Rejects an empty buffer before anything is queued.</summary>
                    [GenerateContextOverload]
                    public static bool TryPrepareCheckedRead(
                        this Ring ring,
                        SqeContext context,
                        int fd,
                        [HeldUntilCompletion] Span<byte> buffer,
                        long offset = -1,
                        ReadWriteFlags flags = ReadWriteFlags.NoWait,
                        in OpOptions options = default)
                    {
                        if (buffer.IsEmpty)
                        {
                            throw new ArgumentException("empty", nameof(buffer));
                        }

                        return ring.TryPrepareRead(context, fd, buffer, offset, flags, options);
                    }
                }

                public sealed partial class Session
                {
                    [GenerateContextOverload]
                    public bool TryPrepareTouch(Ring ring, SqeContext context, int result = 3)
                        => ring.TryPrepareNop(context, NopFlags.InjectResult, result);
                }
            }
            """));

        Assert.Equal(2, run.Result.GeneratedTrees.Length);
        GeneratedCodeAssert.CompilesCleanly(run);
        GeneratorSnapshot.Verify(run.Result);
    }

    [Fact]
    public void Methods_that_cannot_have_the_overload_get_nothing()
    {
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(Attribute + """
            namespace App
            {
                using Uring;

                public static partial class Refused
                {
                    [GenerateContextOverload]
                    private static bool TryPrepareHidden(this Ring ring, SqeContext context) => ring.TryPrepareNop(context);

                    [GenerateContextOverload]
                    public static int TryPrepareNotBool(Ring ring, SqeContext context) => 0;

                    [GenerateContextOverload]
                    public static bool TryPrepareNoContext(Ring ring) => ring.SqAvailable > 0;

                    [GenerateContextOverload]
                    public static bool TryPrepareNoRing(SqeContext context) => context.Value > 0;

                    [GenerateContextOverload]
                    public static bool TryPrepareTwoContexts(Ring ring, SqeContext first, SqeContext second) => ring.TryPrepareNop(first);

                    [GenerateContextOverload]
                    public static bool TryPrepareGeneric<T>(Ring ring, SqeContext context) => ring.TryPrepareNop(context);

                    [GenerateContextOverload]
                    public static bool TryPrepareWithOut(Ring ring, SqeContext context, out int queued)
                    {
                        queued = 1;
                        return ring.TryPrepareNop(context);
                    }
                }
            }
            """));

        Assert.Empty(run.Result.GeneratedTrees);
        Assert.True(run.GeneratorDiagnostics.IsEmpty);
        Assert.DoesNotContain(run.Output.GetDiagnostics(TestContext.Current.CancellationToken), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("TryPrepareReadFixed")]
    [InlineData("TryPrepareWriteFixed")]
    [InlineData("TryPrepareReadvFixed")]
    [InlineData("TryPrepareWritevFixed")]
    [InlineData("TryPrepareAccept")]
    [InlineData("TryPrepareUringCmd128")]
    [InlineData("TryPrepareNop128")]
    public void Every_public_form_of_the_runtime_s_hand_written_wrappers_has_its_overload(string name)
    {
        MethodInfo[] forms = typeof(Ring).GetMethods().Where(m => m.Name == name).ToArray();
        MethodInfo[] plain = forms.Where(m => !m.IsGenericMethod && m.GetParameters()[0].ParameterType == typeof(SqeContext)).ToArray();
        Assert.NotEmpty(plain);
        foreach (MethodInfo method in plain)
        {
            Assert.Contains(forms, generic => generic.IsGenericMethod && RestOf(generic).SequenceEqual(RestOf(method)));
        }
    }

    private static IEnumerable<System.Type> RestOf(MethodInfo method) => method.GetParameters().Skip(1).Select(p => p.ParameterType);
}
