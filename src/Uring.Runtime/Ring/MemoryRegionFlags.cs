using System;

namespace Uring;

/// <summary>How <see cref="Ring.RegisterMemoryRegion"/> sets up a ring's memory region.</summary>
[Flags]
public enum MemoryRegionFlags
{
    /// <summary>The kernel allocates the memory and the ring maps it from the ring fd.</summary>
    None = 0,

    /// <summary>
    /// The ring allocates page-aligned native memory and the kernel pins it (<c>IORING_MEM_REGION_TYPE_USER</c>), which
    /// counts against <c>RLIMIT_MEMLOCK</c> like registered buffers.
    /// </summary>
    UserMemory = 1,

    /// <summary>
    /// The region holds wait arguments (<c>IORING_MEM_REGION_REG_WAIT_ARG</c>): 64-byte slots, each filled with
    /// <see cref="RingMemoryRegion.SetWait"/> and named by <see cref="Ring.WaitRegistered"/>. The kernel accepts such a
    /// region only while the ring is disabled, so register it before <see cref="Ring.Start"/>.
    /// </summary>
    WaitArguments = 2,
}
