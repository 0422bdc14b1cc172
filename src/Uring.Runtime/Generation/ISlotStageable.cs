namespace Uring;

/// <summary>
/// An op argument that copies what the kernel reads when it consumes the SQE into the slot's staging
/// itself, because it is more than one blob: a <c>msghdr</c> points at an iovec array and a socket
/// address, and each copy must point at the other copies. Map a parameter of such a value type with
/// <c>[Sqe(field, Staged = true)]</c>; the generated body calls <see cref="StageInto"/> once the slot is
/// reserved and stores the returned address in the field.
/// </summary>
/// <remarks>
/// Implement it on a <c>readonly ref struct</c> (no copy, no boxing: the generated code calls the method
/// on the parameter directly). Stage only through the slot's <c>Stage</c> methods, whose
/// memory lives until the kernel's SQ head passes the slot, and allocate nothing on the GC heap.
/// </remarks>
public interface ISlotStageable
{
    /// <summary>Copies this argument into <paramref name="slot"/>'s staging; returns the address the SQE field gets.</summary>
    /// <param name="slot">The reserved slot being filled.</param>
    ulong StageInto(ref SubmissionSlot slot);
}
