using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// The declaration rule that makes held memory visible where a reader looks: a parameter whose memory the kernel
/// keeps until the completion carries <c>[HeldUntilCompletion]</c>, and no other parameter does.
/// </summary>
internal static partial class OpInspector
{
    /// <summary>
    /// Reports a held parameter (<see cref="InspectedParameter.Held"/>: a span or address the op passes by address,
    /// not staged) without <c>[HeldUntilCompletion]</c>, and the marker on a parameter the op copies or that is
    /// no memory at all. A parameter that cannot be encoded is reported by its own rule and skipped here.
    /// </summary>
    private static void CheckHeldMarker(InspectedParameter inspected, List<OpProblem> problems)
    {
        if (inspected.Encoding is not { } encoding)
        {
            return;
        }

        IParameterSymbol parameter = inspected.Parameter;
        bool marked = SymbolFacts.FindAttribute(parameter, KnownNames.HeldUntilCompletionAttribute) is not null;
        if (inspected.Held && !marked)
        {
            problems.Add(new OpProblem(
                OpRule.HeldMarker, parameter, null, parameter.Name,
                "is memory the kernel uses until the completion (a span or address that is not staged): mark it [HeldUntilCompletion], so readers and the analyzers see it"));
        }
        else if (!inspected.Held && marked)
        {
            problems.Add(new OpProblem(
                OpRule.HeldMarker, parameter, null, parameter.Name,
                "is marked [HeldUntilCompletion], but the kernel does not keep it (" + WhatItIs(encoding) + "): remove the marker"));
        }
    }

    private static string WhatItIs(ParameterEncoding encoding) => encoding switch
    {
        ParameterEncoding.StagedSpan or ParameterEncoding.StagedStruct or ParameterEncoding.SelfStaged => "it is staged: copied into the ring when the op is prepared",
        ParameterEncoding.Path => "a path is staged as UTF-8 when the op is prepared",
        ParameterEncoding.Duration => "a duration is staged as a timespec when the op is prepared",
        ParameterEncoding.Command => "command bytes are copied into the SQE",
        _ => "it is a value, not memory",
    };
}
