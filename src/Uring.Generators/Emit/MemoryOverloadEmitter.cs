using System.Collections.Generic;
using System.Linq;
using Uring.Generators.Helpers;
using Uring.Generators.Model;

namespace Uring.Generators.Emit;

/// <summary>
/// Writes the <c>Memory&lt;T&gt;</c> overload of an op whose spans the kernel keeps until the completion
/// (<see cref="OpInspector.LeasedParameters"/>): it begins a buffer lease on the ring, pins each memory argument
/// into it (<c>Memory&lt;T&gt;.Pin()</c>), and prepares the op's span form with the lease as its context; the ring
/// releases the pins after the request's final completion, or at once when the request was not queued. With a
/// generic context overload beside the op, its <c>Memory&lt;T&gt;</c> twin is written too.
/// </summary>
internal static class MemoryOverloadEmitter
{
    /// <summary>True when the model asks for the overload (some parameter has a leased memory type).</summary>
    public static bool Applies(OpModel model)
        => !model.OverloadOnly && model.Overload is not null && model.Parameters.Any(p => p.LeasedMemoryType.Length > 0);

    public static void Emit(IndentedWriter writer, OpModel model)
    {
        ContextOverload overload = model.Overload!;
        string modifiers = WithoutNew(overload.Modifiers);
        OpParameter context = model.Parameters.First(p => p.Encoding == ParameterEncoding.Context);
        List<OpParameter> leased = model.Parameters.Where(p => p.LeasedMemoryType.Length > 0).ToList();
        string ring = model.RingExpression;

        List<string> parameters = new();
        List<string> arguments = new();
        foreach (OpParameter parameter in model.Parameters)
        {
            string defaultValue = parameter.DefaultValue.Length > 0 ? " = " + parameter.DefaultValue : string.Empty;
            if (parameter.LeasedMemoryType.Length > 0)
            {
                parameters.Add("[global::Uring.HeldUntilCompletion] " + parameter.LeasedMemoryType + " " + parameter.Name + defaultValue);
                arguments.Add(parameter.Name + ".Span");
                continue;
            }

            string held = parameter.Held ? "[global::Uring.HeldUntilCompletion] " : string.Empty;
            parameters.Add(held + parameter.Modifiers + parameter.TypeDisplay + " " + parameter.Name + defaultValue);
            arguments.Add(parameter.Encoding == ParameterEncoding.Context
                ? OpEmitter.ArgumentModifier(parameter.Modifiers) + "__lease"
                : OpEmitter.ArgumentModifier(parameter.Modifiers) + parameter.Name);
        }

        string names = string.Join(" and ", leased.Select(p => "<paramref name=\"" + p.Name.TrimStart('@') + "\"/>"));
        writer.Line();
        writer.Line("/// <summary>");
        string pins = leased.Count == 1 ? "the pin" : "the pins";
        writer.Line("/// This op with memory the ring holds for the kernel: it pins " + names + " (<c>Memory.Pin()</c>: the in-flight");
        writer.Line("/// count of a <see cref=\"global::Uring.NativeBuffer\"/>, a pinned handle on an array) when the request is queued and");
        writer.Line("/// releases " + pins + " after its final completion, so the memory cannot move or be freed while the kernel uses it.");
        writer.Line("/// The completions carry <paramref name=\"" + context.Name.TrimStart('@') + "\"/>. False when the submission queue is full or every");
        writer.Line("/// pooled context is in use; " + (leased.Count == 1 ? "the pin is" : "the pins are") + " released at once then, as when preparing throws.");
        writer.Line("/// </summary>");
        writer.Line("[global::Uring.IssuerThreadOnly]");
        writer.Line(LowerPriority);
        writer.Open((modifiers.Length > 0 ? modifiers + " " : string.Empty) + "bool " + model.MethodName + "(" + string.Join(", ", parameters) + ")");
        writer.Open("if (!" + ring + ".TryBeginLease(" + context.Name + ", out global::Uring.SqeContext __lease))");
        writer.Line("return false;");
        writer.Close();
        writer.Line();
        writer.Line("bool __prepared = false;");
        writer.Open("try");
        foreach (OpParameter parameter in leased)
        {
            writer.Line(ring + ".HoldInLease(__lease, " + parameter.Name + ".Pin());");
        }

        writer.Line("__prepared = " + overload.Target + "." + model.MethodName + "(" + string.Join(", ", arguments) + ");");
        writer.Close();
        writer.Open("finally");
        writer.Open("if (!__prepared)");
        writer.Line(ring + ".AbandonLease(__lease);");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Line("return __prepared;");
        writer.Close();

        // The generic context overload of the Memory form: rents the typed context, then calls the overload above.
        OpModel memoryModel = model with
        {
            Parameters = model.Parameters
                .Select(p => p.LeasedMemoryType.Length > 0 ? p with { TypeDisplay = p.LeasedMemoryType, Modifiers = string.Empty, Held = true } : p)
                .ToEquatableArray(),
        };
        writer.Line();
        OpEmitter.EmitContextOverload(writer, memoryModel, overload with { Modifiers = modifiers }, LowerPriority);
    }

    /// <summary>
    /// Where both forms apply (an array converts to a span and to memory, and <c>default</c> is either), the span form
    /// wins, as it does in C# 14 for arrays: existing calls keep their meaning, and only <c>Memory</c> arguments
    /// reach this overload.
    /// </summary>
    private const string LowerPriority = "[global::System.Runtime.CompilerServices.OverloadResolutionPriority(-1)]";

    /// <summary>The overload hides nothing of a base type (the runtime's ops have none), so it never says <c>new</c>.</summary>
    private static string WithoutNew(string modifiers)
        => string.Join(" ", modifiers.Split(' ').Where(m => m.Length > 0 && m != "new"));
}
