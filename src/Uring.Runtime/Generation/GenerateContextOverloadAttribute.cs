using System;

namespace Uring;

/// <summary>
/// Asks Uring.Generators for the generic <c>in TContext context</c> overload of a hand-written op-prep method,
/// the same overload every public <see cref="UringOpAttribute"/> op gets. The runtime writes some public ops
/// by hand because they validate before they reserve (a registered-buffer range, a 128-byte SQE ring) and then
/// call a private <c>[UringOp]</c>; this gives their callers the typed-context form too. Internal: users
/// declare <c>[UringOp]</c> methods, whose overload comes without asking.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
internal sealed class GenerateContextOverloadAttribute : Attribute
{
}
