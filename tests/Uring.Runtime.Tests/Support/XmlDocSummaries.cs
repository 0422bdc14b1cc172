using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Uring.Tests.Support;

/// <summary>
/// One-sentence summaries from an assembly's XML documentation file, keyed by documentation ID (the IDs the C#
/// compiler writes: <c>M:Uring.Ring.Submit</c>, <c>P:Uring.Ring.SqAvailable</c>, ...), with <c>&lt;c&gt;</c>,
/// <c>&lt;see cref&gt;</c> and <c>&lt;paramref&gt;</c> turned into Markdown code spans.
/// </summary>
internal sealed partial class XmlDocSummaries
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocSummaries(Dictionary<string, string> summaries) => _summaries = summaries;

    /// <summary>Reads the documentation file next to <paramref name="assembly"/> (a referenced project's <c>.xml</c> is copied beside it).</summary>
    public static XmlDocSummaries For(Assembly assembly)
    {
        string path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)} is not beside the test assembly; the runtime must build with GenerateDocumentationFile.", path);
        }

        Dictionary<string, string> summaries = new(StringComparer.Ordinal);
        foreach (XElement member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } id && member.Element("summary") is { } summary)
            {
                summaries[id] = FirstSentence(Flatten(summary));
            }
        }

        return new XmlDocSummaries(summaries);
    }

    /// <summary>The summary's first sentence, or null when the member has no summary.</summary>
    public string? Of(MemberInfo member) => _summaries.TryGetValue(IdOf(member), out string? summary) ? summary : null;

    /// <summary>The documentation ID of <paramref name="member"/>, as the compiler writes it.</summary>
    public static string IdOf(MemberInfo member)
    {
        string owner = TypeId(member.DeclaringType!);
        switch (member)
        {
            case ConstructorInfo constructor:
                return $"M:{owner}.#ctor{Parameters(constructor.GetParameters())}";
            case MethodInfo method:
                string arity = method.IsGenericMethodDefinition ? "``" + method.GetGenericArguments().Length : "";
                return $"M:{owner}.{method.Name}{arity}{Parameters(method.GetParameters())}";
            case PropertyInfo property:
                ParameterInfo[] index = property.GetIndexParameters();
                return $"P:{owner}.{property.Name}{(index.Length == 0 ? "" : Parameters(index))}";
            case FieldInfo field:
                return $"F:{owner}.{field.Name}";
            case EventInfo @event:
                return $"E:{owner}.{@event.Name}";
            default:
                return $"T:{TypeId((Type)member)}";
        }
    }

    private static string Parameters(ParameterInfo[] parameters)
        => parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeId(p.ParameterType))) + ")";

    private static string TypeId(Type type)
    {
        if (type.IsByRef)
        {
            return TypeId(type.GetElementType()!) + "@";
        }

        if (type.IsPointer)
        {
            return TypeId(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            return TypeId(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        string name = type.IsNested ? TypeId(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (!type.IsGenericType)
        {
            return name;
        }

        string bare = tick < 0 ? name : name[..tick];
        return type.IsGenericTypeDefinition ? name : bare + "{" + string.Join(",", type.GetGenericArguments().Select(TypeId)) + "}";
    }

    /// <summary>The text of a doc element, with code and references as Markdown code spans, on one line.</summary>
    private static string Flatten(XElement element)
    {
        StringBuilder text = new();
        foreach (XNode node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value);
                    break;
                case XElement { Name.LocalName: "c" } code:
                    text.Append('`').Append(code.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref:
                    text.Append('`').Append(ShortName(cref.Value)).Append('`');
                    break;
                case XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word:
                    text.Append('`').Append(word.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append('`').Append(reference.Attribute("name")?.Value).Append('`');
                    break;
                case XElement nested:
                    text.Append(' ').Append(Flatten(nested)).Append(' ');
                    break;
            }
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    /// <summary><c>M:Uring.Ring.TryPrepareSend(...)</c> → <c>TryPrepareSend</c>; <c>P:Uring.RingOptions.NotifySucceed</c> → <c>RingOptions.NotifySucceed</c>.</summary>
    private static string ShortName(string cref)
    {
        string name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        int parameters = name.IndexOf('(', StringComparison.Ordinal);
        name = parameters < 0 ? name : name[..parameters];
        name = GenericArity().Replace(name, "");
        string[] parts = name.Split('.');
        bool isMember = cref.StartsWith("M:", StringComparison.Ordinal) || cref.StartsWith("P:", StringComparison.Ordinal)
            || cref.StartsWith("F:", StringComparison.Ordinal) || cref.StartsWith("E:", StringComparison.Ordinal);
        if (!isMember || parts.Length < 2)
        {
            return parts[^1];
        }

        return parts[^2] == nameof(Ring) ? parts[^1] : parts[^2] + "." + parts[^1];
    }

    /// <summary>Up to the first full stop that ends a sentence (followed by a space and a capital, a code span or a parenthesis).</summary>
    private static string FirstSentence(string text)
    {
        Match end = SentenceEnd().Match(text);
        return end.Success ? text[..(end.Index + 1)] : text;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"`+\d+")]
    private static partial Regex GenericArity();

    [GeneratedRegex(@"\.(?=\s+[A-Z`(])")]
    private static partial Regex SentenceEnd();
}
