using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// Ops that create a file: the <c>FileTarget</c> parameter (stored in <c>file_index</c>, some kinds refused),
/// the values whose close-on-exec bit that target decides (<c>CarriesCloseOnExec</c>), and struct parameters
/// whose members each map to a field (a socket's domain, type and protocol).
/// </summary>
internal static partial class OpInspector
{
    private const string CarriesCloseOnExecAppliesTo = "integers and enums, and staged structs with a writable integer or enum Flags field";

    /// <summary>
    /// The FileTarget options of one <c>[Sqe]</c> parameter: a FileTarget goes in FileIndex only, <c>Refuses</c>
    /// names FileTargetKind members and applies to a FileTarget, <c>CarriesCloseOnExec</c> applies to a value
    /// that can hold the bit.
    /// </summary>
    private static void InspectFileTargetOptions(InspectedParameter inspected, AttributeData sqe, bool carriesCloseOnExec, TypedConstant? refuses, List<OpProblem> problems, ref bool readable)
    {
        IParameterSymbol parameter = inspected.Parameter;
        bool isTarget = inspected.Encoding == ParameterEncoding.FileTarget;
        if (isTarget && inspected.Field != (int)SqeField.FileIndex && inspected.Field != SqeFieldTable.None)
        {
            problems.Add(new OpProblem(
                OpRule.UnencodableType, parameter, null, parameter.Name, parameter.Type.ToDisplayString(),
                " in " + SqeFieldTable.Member(inspected.Field) + " (a FileTarget goes in FileIndex)"));
        }

        if (refuses is { } refused)
        {
            if (!isTarget)
            {
                problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "Refuses", parameter.Name, "FileTarget parameters"));
            }
            else if (refused.Kind != TypedConstantKind.Array)
            {
                readable = false;
            }
            else
            {
                foreach (TypedConstant kind in refused.Values)
                {
                    string? name = kind.Type?.GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(member => member.HasConstantValue && Equals(member.ConstantValue, kind.Value))?.Name;
                    if (name is null)
                    {
                        problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "Refuses", parameter.Name, "named FileTargetKind members"));
                    }
                    else if (!inspected.RefusedTargets.Contains(name))
                    {
                        inspected.RefusedTargets.Add(name);
                    }
                }
            }
        }

        if (!carriesCloseOnExec)
        {
            return;
        }

        if (inspected.Encoding == ParameterEncoding.Scalar)
        {
            inspected.CarriesCloseOnExec = true;
        }
        else if (inspected.Encoding == ParameterEncoding.StagedStruct && FlagsMember(parameter.Type) is { } flags)
        {
            inspected.CarriesCloseOnExec = true;
            inspected.CloseOnExecMember = flags;
        }
        else
        {
            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "CarriesCloseOnExec", parameter.Name, CarriesCloseOnExecAppliesTo));
        }
    }

    /// <summary>The writable integer or enum instance member named <c>Flags</c> of a staged struct, which the generated body clears the bit in.</summary>
    private static InspectedMember? FlagsMember(ITypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers("Flags"))
        {
            ITypeSymbol? memberType = member switch
            {
                IFieldSymbol { IsStatic: false, IsReadOnly: false, IsConst: false } field => field.Type,
                IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } } property => property.Type,
                _ => null,
            };
            if (memberType is not null && IsIntegerOrEnum(memberType))
            {
                return new InspectedMember(member, memberType, SqeFieldTable.None, carriesCloseOnExec: true);
            }
        }

        return null;
    }

    /// <summary>
    /// A parameter with no attribute of its own, of a struct type with <c>[Sqe]</c> on properties or fields:
    /// each such member (an integer or enum) is stored in its field. Null when the type maps no member.
    /// Problems name the member as <c>parameter.Member</c> and are reported on the parameter.
    /// </summary>
    private static InspectedParameter? InspectMembers(IParameterSymbol parameter, List<OpProblem> problems)
    {
        if (!parameter.Type.IsValueType || parameter.Type.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        InspectedParameter? inspected = null;
        foreach (ISymbol member in parameter.Type.GetMembers())
        {
            ITypeSymbol? memberType = member switch
            {
                IPropertySymbol { IsStatic: false, GetMethod: not null, Parameters.Length: 0 } property => property.Type,
                IFieldSymbol { IsStatic: false, IsConst: false } field => field.Type,
                _ => null,
            };
            if (memberType is null || SymbolFacts.FindAttribute(member, KnownNames.SqeAttribute) is not { } sqe)
            {
                continue;
            }

            inspected ??= new InspectedParameter(parameter, ParameterEncoding.Members, SqeFieldTable.None, SqeFieldTable.None, false, 0, 0);
            if (InspectMember(parameter, member, memberType, sqe, problems) is { } mapped)
            {
                inspected.Members.Add(mapped);
            }
        }

        return inspected;
    }

    private static InspectedMember? InspectMember(IParameterSymbol parameter, ISymbol member, ITypeSymbol memberType, AttributeData sqe, List<OpProblem> problems)
    {
        string name = parameter.Name + "." + member.Name;
        if (sqe.ConstructorArguments.Length != 1 || sqe.ConstructorArguments[0].Value is not int field)
        {
            // The compiler reports the attribute itself; the declaration gets no body.
            problems.Add(new OpProblem(OpRule.ParameterUnmapped, parameter, null, name, "has an [Sqe] the generator cannot read"));
            return null;
        }

        bool valid = true;
        bool carriesCloseOnExec = false;
        foreach (KeyValuePair<string, TypedConstant> named in sqe.NamedArguments)
        {
            if (named.Key == "CarriesCloseOnExec" && named.Value.Value is bool value)
            {
                carriesCloseOnExec = value;
                continue;
            }

            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, null, named.Key, name, "op parameters (a struct member maps a plain integer or enum)"));
            valid = false;
        }

        if (!SqeFieldTable.IsScalar(field))
        {
            problems.Add(new OpProblem(OpRule.FieldNotScalar, parameter, null, name, SqeFieldTable.Member(field)));
            valid = false;
        }

        if (!IsIntegerOrEnum(memberType))
        {
            problems.Add(new OpProblem(OpRule.UnencodableType, parameter, null, name, memberType.ToDisplayString(), " (a struct member maps an integer or enum)"));
            valid = false;
        }

        return valid ? new InspectedMember(member, memberType, field, carriesCloseOnExec) : null;
    }

    /// <summary>
    /// A value that carries close-on-exec needs the op's FileTarget, which decides whether the bit is sent:
    /// without one the option means nothing.
    /// </summary>
    private static void CheckCloseOnExecHasTarget(List<InspectedParameter> parameters, List<OpProblem> problems)
    {
        if (parameters.Any(p => p.Encoding == ParameterEncoding.FileTarget))
        {
            return;
        }

        foreach (InspectedParameter parameter in parameters)
        {
            if (parameter.CarriesCloseOnExec)
            {
                AttributeData? sqe = SymbolFacts.FindAttribute(parameter.Parameter, KnownNames.SqeAttribute);
                problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter.Parameter, sqe, "CarriesCloseOnExec", parameter.Parameter.Name, "ops with a FileTarget parameter"));
            }

            foreach (InspectedMember member in parameter.Members.Where(m => m.CarriesCloseOnExec))
            {
                problems.Add(new OpProblem(
                    OpRule.OptionNotApplicable, parameter.Parameter, null, "CarriesCloseOnExec",
                    parameter.Parameter.Name + "." + member.Member.Name, "ops with a FileTarget parameter"));
            }
        }
    }

    private static bool IsIntegerOrEnum(ITypeSymbol type) => type.TypeKind == TypeKind.Enum || SymbolFacts.IsInteger(type.SpecialType);
}
