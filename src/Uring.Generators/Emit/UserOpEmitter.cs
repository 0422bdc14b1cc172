using System.Collections.Generic;
using System.Linq;
using Uring.Generators.Helpers;
using Uring.Generators.Model;

namespace Uring.Generators.Emit;

/// <summary>
/// Writes the body of an op declared outside the runtime (see <c>OpModelBuilder.ArgumentsTypeOf</c> for how the two
/// are told apart). It may use only public API, so the reserve/fill/publish critical section is one call:
/// <c>Ring.TryPrepare</c> with a static lambda (no allocation) that fills the slot, and a generated
/// <c>ref struct</c> carrying the arguments (spans included) into the lambda. The lambda unpacks them into locals
/// named like the parameters, so validation and fill are the very code <see cref="OpEmitter"/> writes for the
/// runtime's own ops.
/// </summary>
internal static class UserOpEmitter
{
    private const string Local = "__args";
    private const string Lambda = "__arguments";

    public static void EmitMethod(IndentedWriter writer, OpModel model, ArgumentsType arguments)
    {
        string parameters = string.Join(", ", model.Parameters.Select(p => p.Modifiers + p.TypeDisplay + " " + p.Name));
        writer.Open(model.MethodModifiers + " bool " + model.MethodName + "(" + parameters + ")");

        OpEmitter.EmitValidation(writer, model);

        string type = arguments.Name + arguments.TypeParameters;
        OpParameter[] carried = Carried(model).ToArray();
        writer.Line(type + " " + Local + " = new()" + (carried.Length == 0 ? ";" : string.Empty));
        if (carried.Length > 0)
        {
            writer.Line("{");
            foreach (OpParameter parameter in carried)
            {
                writer.Line("    " + parameter.Name + " = " + parameter.Name + ",");
            }

            writer.Line("};");
        }

        string context = model.Parameters.First(p => p.Encoding == ParameterEncoding.Context).Name;
        writer.Line();
        writer.Line("// One scoped call: reserve, fill (the lambda), publish; abandoned, with a multi-issuer ring's lock released, if anything throws.");
        writer.Open("return " + model.RingExpression + ".TryPrepare(" + context + ", " + OpEmitter.KindExpression(model.Kind) + ", in " + Local
            + ", static (ref global::Uring.SubmissionSlot __slot, scoped in " + type + " " + Lambda + ") =>");
        foreach (OpParameter parameter in carried)
        {
            // By reference: an argument is read where it lies, as the runtime's own ops read their parameters.
            writer.Line("ref readonly " + parameter.TypeDisplay + " " + parameter.Name + " = ref " + Lambda + "." + parameter.Name + ";");
        }

        OpEmitter.EmitFill(writer, model);
        writer.Close(");");
        writer.Close();

        if (!arguments.FileLocal)
        {
            writer.Line();
            EmitArgumentsType(writer, model, arguments);
        }
    }

    /// <summary>
    /// The arguments type: a private nested <c>ref struct</c>, or a file-local one (generic over the containing types'
    /// type parameters) where the op's type cannot nest a struct.
    /// </summary>
    public static void EmitArgumentsType(IndentedWriter writer, OpModel model, ArgumentsType arguments)
    {
        if (arguments.FileLocal)
        {
            writer.Line();
        }

        string modifiers = arguments.FileLocal
            ? (model.UsesPointers ? "file unsafe ref struct " : "file ref struct ")
            : "private ref struct ";
        writer.Line("/// <summary>The arguments of " + model.MethodName + ", carried into its fill.</summary>");
        writer.Line(modifiers + arguments.Name + arguments.TypeParameters);
        foreach (string constraint in arguments.Constraints)
        {
            writer.Line("    " + constraint);
        }

        writer.Line("{");
        foreach (OpParameter parameter in Carried(model))
        {
            writer.Line("    public " + parameter.TypeDisplay + " " + parameter.Name + ";");
        }

        writer.Line("}");
    }

    /// <summary>Every parameter the fill reads: all but the context (the prepare call's own argument) and the ring.</summary>
    private static IEnumerable<OpParameter> Carried(OpModel model)
        => model.Parameters.Where(p => p.Encoding is not ParameterEncoding.Context and not ParameterEncoding.Ring);
}
