using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Uring.Tests.Support;

/// <summary>
/// A member's declaration as a C# reader writes it (<c>bool TryRentExtendedSqe(out ExtendedSqe ext)</c>,
/// <c>int SqAvailable { get; }</c>): keywords for built-in types, nullable annotations, <c>in</c>/<c>out</c>/<c>ref</c>,
/// default values.
/// </summary>
internal static class CSharpSignature
{
    private static readonly Dictionary<Type, string> s_keywords = new()
    {
        [typeof(void)] = "void",
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(nint)] = "nint",
        [typeof(nuint)] = "nuint",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(string)] = "string",
        [typeof(object)] = "object",
    };

    public static string Of(MemberInfo member)
    {
        NullabilityInfoContext nullability = new();
        switch (member)
        {
            case ConstructorInfo constructor:
                return $"{constructor.DeclaringType!.Name}({Parameters(constructor.GetParameters(), nullability)})";
            case MethodInfo method:
                string generics = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                string returns = Type(method.ReturnType, nullability.Create(method.ReturnParameter));
                return $"{(method.IsStatic ? "static " : "")}{returns} {method.Name}{generics}({Parameters(method.GetParameters(), nullability)})";
            case PropertyInfo property:
                string accessors = (property.GetMethod?.IsPublic == true ? "get; " : "") + (property.SetMethod?.IsPublic == true ? "set; " : "");
                return $"{Type(property.PropertyType, nullability.Create(property))} {property.Name} {{ {accessors}}}";
            case FieldInfo field:
                return $"{(field.IsStatic ? "static " : "")}{Type(field.FieldType, nullability.Create(field))} {field.Name}";
            case EventInfo @event:
                return $"event {Type(@event.EventHandlerType!, nullability.Create(@event))} {@event.Name}";
            default:
                return member.Name;
        }
    }

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext nullability)
        => string.Join(", ", parameters.Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        Type type = parameter.ParameterType;
        string modifier = "";
        if (type.IsByRef)
        {
            modifier = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }

        string text = $"{modifier}{Type(type, nullability.Create(parameter))} {parameter.Name}";
        return parameter.HasDefaultValue ? $"{text} = {DefaultValue(type, parameter.DefaultValue)}" : text;
    }

    private static string Type(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return "ref " + Type(type.GetElementType()!, nullability?.ElementType);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Type(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        string annotation = !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
        if (type.IsArray)
        {
            return Type(type.GetElementType()!, nullability?.ElementType) + "[]" + annotation;
        }

        if (type.IsPointer)
        {
            return Type(type.GetElementType()!, null) + "*";
        }

        if (s_keywords.TryGetValue(type, out string? keyword))
        {
            return keyword + annotation;
        }

        string name = type.IsNested ? Type(type.DeclaringType!, null) + "." + type.Name : type.Name;
        if (!type.IsGenericType)
        {
            return name + annotation;
        }

        Type[] arguments = type.GetGenericArguments();
        string bare = name[..name.IndexOf('`', StringComparison.Ordinal)];
        string inner = string.Join(", ", arguments.Select((a, i) => Type(a, nullability?.GenericTypeArguments.ElementAtOrDefault(i))));
        return $"{bare}<{inner}>{annotation}";
    }

    private static string DefaultValue(Type type, object? value)
    {
        if (value is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null";
        }

        if (type.IsEnum)
        {
            object member = Enum.ToObject(type, value);
            string names = member.ToString()!;
            return char.IsDigit(names[0]) || names[0] == '-'
                ? $"({type.Name}){names}"
                : string.Join(" | ", names.Split(", ").Select(n => type.Name + "." + n));
        }

        return value switch
        {
            bool flag => flag ? "true" : "false",
            string text => "\"" + text + "\"",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };
    }
}
