namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>
    /// Provided-buffer groups <see cref="Ring.Start"/> registers (null, the default: none): single-size groups sharded by
    /// fd or the multi-size tiers (<see cref="ProvidedBufferOptions"/>). The ring exposes them as
    /// <see cref="Ring.ProvidedBufferGroups"/>.
    /// </summary>
    public ProvidedBufferOptions? ProvidedBuffers { get; init; }

    /// <summary>
    /// Options sized for a memory budget of <paramref name="bytes"/> (<see cref="RingMemoryBudget.For"/>): the ring
    /// entries and the provided-buffer groups the budget pays for. The quarter of the budget kept for registered
    /// buffers is not registered for you (<see cref="RingMemoryBudget.RegisteredBufferBytes"/>).
    /// </summary>
    public static RingOptions ForMemoryBudget(long bytes) => RingMemoryBudget.For(bytes).ToRingOptions();

    /// <summary>
    /// Options for a quarter of the memory this process can have (<see cref="RingMemoryBudget.SystemMemoryBytes"/>:
    /// the machine's memory, or the container's limit): <see cref="ForMemoryBudget"/> of 25 % of it.
    /// </summary>
    public static RingOptions ForSystemMemory() => RingMemoryBudget.ForSystemMemory(RingMemoryBudget.SystemMemoryBytes).ToRingOptions();

    /// <summary>Options for a machine with <paramref name="systemMemoryBytes"/> of memory: <see cref="ForMemoryBudget"/> of 25 % of it.</summary>
    public static RingOptions ForSystemMemory(long systemMemoryBytes) => RingMemoryBudget.ForSystemMemory(systemMemoryBytes).ToRingOptions();
}
