using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// The one definition of a well-formed <c>[UringOp]</c> declaration: what the attribute writes, how each
/// parameter is encoded into SQE fields, and every rule a declaration can break. The generator writes a body
/// only for a declaration with no problem; Uring.Analyzers compiles this same file and reports the problems,
/// so the two cannot disagree.
/// </summary>
internal static partial class OpInspector
{
    /// <summary>Inspects <paramref name="method"/>, which carries the <c>[UringOp]</c> <paramref name="attribute"/>.</summary>
    public static OpInspection Inspect(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
    {
        OpInspection inspection = new(method);
        List<OpProblem> problems = inspection.Problems;
        InspectShape(method, problems);
        ReadAttribute(attribute, inspection);

        inspection.IsRingInstance = !method.IsStatic && SymbolFacts.IsOrDerivesFrom(method.ContainingType, KnownNames.Ring);
        int contexts = 0;
        int rings = inspection.IsRingInstance ? 1 : 0;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InspectedParameter inspected = InspectParameter(parameter, problems, out bool readable);
            CheckHeldMarker(inspected, problems);
            inspection.Readable &= readable;
            inspection.Parameters.Add(inspected);
            if (inspected.Encoding == ParameterEncoding.Context)
            {
                contexts++;
            }
            else if (inspected.Encoding == ParameterEncoding.Ring)
            {
                rings++;
                inspection.RingParameter ??= parameter;
            }
        }

        if (contexts != 1)
        {
            problems.Add(new OpProblem(OpRule.ContextCount, method, null, method.Name, contexts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (rings == 0)
        {
            problems.Add(new OpProblem(OpRule.Ring, method, null, method.Name, "has no ring to submit to: declare it as an instance method of Ring, or add a Ring parameter"));
        }
        else if (rings > 1)
        {
            problems.Add(new OpProblem(OpRule.Ring, method, null, method.Name, "has more than one ring: an instance method of Ring takes no Ring parameter, and a static op takes one"));
        }

        CheckDuplicateFields(inspection.Parameters, problems);
        CheckCloseOnExecHasTarget(inspection.Parameters, problems);
        return inspection;
    }

    /// <summary>The method itself: a bodiless partial declaration returning bool, not generic, in a type the generated part can reopen.</summary>
    private static void InspectShape(IMethodSymbol method, List<OpProblem> problems)
    {
        if (!method.IsPartialDefinition || (method.PartialImplementationPart is { } implementation && !IsGenerated(implementation)))
        {
            problems.Add(new OpProblem(OpRule.NotPartialDeclaration, method, null, method.Name));
        }

        if (method.IsGenericMethod)
        {
            problems.Add(new OpProblem(OpRule.Generic, method, null, method.Name));
        }

        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            problems.Add(new OpProblem(OpRule.ReturnType, method, null, method.Name, method.ReturnType.ToDisplayString()));
        }

        if (SymbolFacts.IsInFileLocalType(method.ContainingType))
        {
            problems.Add(new OpProblem(OpRule.FileLocalType, method, null, method.Name, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }

    /// <summary>The opcode (and its <c>IoUringOp</c> name), the kind, and the constant fields of the attribute.</summary>
    private static void ReadAttribute(AttributeData attribute, OpInspection inspection)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not byte opcode)
        {
            inspection.Readable = false;
            return;
        }

        inspection.Opcode = opcode;
        inspection.OpcodeName = attribute.ConstructorArguments[0].Type is INamedTypeSymbol opType
            ? opType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, opcode))?.Name ?? opcode.ToString()
            : opcode.ToString();

        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Kind")
            {
                inspection.Kind = named.Value.Value is int kind ? (UringOpKind)kind : UringOpKind.Other;
                continue;
            }

            int field = FieldOfConstant(named.Key);
            if (field == SqeFieldTable.None || !TryGetInteger(named.Value.Value, out long value))
            {
                inspection.Readable = false;
                continue;
            }

            inspection.Constants.Add((field, value));
        }
    }

    /// <summary>The <see cref="SqeField"/> each constant property of <c>UringOpAttribute</c> writes.</summary>
    private static int FieldOfConstant(string property) => (int)(property switch
    {
        "SqeFlags" => SqeField.Flags,
        "IoPrio" => SqeField.IoPrio,
        "Fd" => SqeField.Fd,
        "Off" => SqeField.Off,
        "Addr" => SqeField.Addr,
        "Len" => SqeField.Len,
        "OpFlags" => SqeField.OpFlags,
        "BufIndex" => SqeField.BufIndex,
        "FileIndex" => SqeField.FileIndex,
        "Addr3" => SqeField.Addr3,
        _ => SqeField.None,
    });

    /// <summary>
    /// Two value parameters aimed at the same SQE bytes would be OR-ed into one store, which is never what a
    /// declaration means. Flags and attribute constants are meant to be OR-ed and are not counted.
    /// </summary>
    private static void CheckDuplicateFields(List<InspectedParameter> parameters, List<OpProblem> problems)
    {
        Dictionary<int, string> owners = new();
        foreach (InspectedParameter parameter in parameters)
        {
            if (parameter.Encoding is null or ParameterEncoding.Context or ParameterEncoding.Options or ParameterEncoding.Ring or ParameterEncoding.Flag)
            {
                continue;
            }

            // A struct parameter writes one field per mapped member, named parameter.Member.
            IEnumerable<(int Field, string Name)> fields = parameter.Encoding == ParameterEncoding.Members
                ? parameter.Members.Select(member => (member.Field, parameter.Parameter.Name + "." + member.Member.Name))
                : new[] { (parameter.Field, parameter.Parameter.Name), (parameter.LengthField, parameter.Parameter.Name) };
            foreach ((int field, string name) in fields)
            {
                if (field == SqeFieldTable.None)
                {
                    continue;
                }

                int group = SqeFieldTable.Group(field);
                if (owners.TryGetValue(group, out string? first))
                {
                    problems.Add(new OpProblem(OpRule.DuplicateField, parameter.Parameter, null, first, name, SqeFieldTable.Member(group)));
                }
                else
                {
                    owners.Add(group, name);
                }
            }
        }
    }

    /// <summary>
    /// The body the Uring generator wrote, as opposed to one the author wrote. The generator never sees its own
    /// output (it is not part of its input compilation); an analyzer running after it does.
    /// </summary>
    private static bool IsGenerated(IMethodSymbol implementation)
    {
        foreach (SyntaxReference reference in implementation.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.Contains("Uring.Generators.UringOpGenerator")
                && !reference.SyntaxTree.GetText().ToString(new Microsoft.CodeAnalysis.Text.TextSpan(0, System.Math.Min(120, reference.SyntaxTree.Length))).Contains("Generated by Uring.Generators"))
            {
                return false;
            }
        }

        return true;
    }
}
