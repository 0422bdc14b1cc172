using System;

namespace Uring;

/// <summary>Byte order of <c>user_data</c> and every other ring field.</summary>
public enum ByteOrder
{
    /// <summary>Least significant byte first (x86-64, arm64).</summary>
    LittleEndian,
    /// <summary>Most significant byte first.</summary>
    BigEndian,
}

/// <summary>What the kernel actually gave a <see cref="Ring"/>: real sizes, setup flags and feature bits.</summary>
public sealed class RingFeatures
{
    private readonly ulong[] _supportedOps;

    internal RingFeatures(uint sqEntries, uint cqEntries, SetupFlags setupFlags, KernelFeatures kernelFeatures, ulong[] supportedOps, int lastOp)
    {
        SqEntries = (int)sqEntries;
        CqEntries = (int)cqEntries;
        SetupFlags = setupFlags;
        KernelFeatures = kernelFeatures;
        _supportedOps = supportedOps;
        LastOp = lastOp;
    }

    /// <summary>The same kernel facts with the sizes a resize granted.</summary>
    internal RingFeatures WithSizes(uint sqEntries, uint cqEntries)
        => new(sqEntries, cqEntries, SetupFlags, KernelFeatures, _supportedOps, LastOp);

    /// <summary>SQ entries after the kernel rounded the request up to a power of two.</summary>
    public int SqEntries { get; }

    /// <summary>CQ entries.</summary>
    public int CqEntries { get; }

    /// <summary>Bytes per SQE: 64, or 128 with <c>SQE128</c>.</summary>
    public int SqeBytes => (SetupFlags & SetupFlags.Sqe128) != 0 ? 128 : 64;

    /// <summary>Bytes per CQE: 16, or 32 with <c>CQE32</c>.</summary>
    public int CqeBytes => (SetupFlags & SetupFlags.Cqe32) != 0 ? 32 : 16;

    /// <summary>The setup flags the ring was created with.</summary>
    public SetupFlags SetupFlags { get; }

    /// <summary>The <c>IORING_FEAT_*</c> bits the kernel reported.</summary>
    public KernelFeatures KernelFeatures { get; }

    /// <summary>The highest opcode the kernel's probe reported.</summary>
    public int LastOp { get; }

    /// <summary>Byte order of <c>user_data</c> (the machine's).</summary>
    public ByteOrder UserDataByteOrder => BitConverter.IsLittleEndian ? ByteOrder.LittleEndian : ByteOrder.BigEndian;

    /// <summary>True if the kernel's probe lists <paramref name="op"/> as supported.</summary>
    public bool IsSupported(IoUringOp op)
    {
        int index = (byte)op;
        return (_supportedOps[index >> 6] & (1UL << (index & 63))) != 0;
    }

    /// <summary>
    /// Changes what the probe says about <paramref name="op"/>. For detached rings, whose tests play the kernel
    /// and so its probe: ops whose encoding follows the probe (<see cref="Ring.TryPrepareUringCmd128"/>,
    /// <see cref="Ring.TryPrepareNop128"/>) are tested both ways with it.
    /// </summary>
    internal void SetSupported(IoUringOp op, bool supported)
    {
        int index = (byte)op;
        ulong bit = 1UL << (index & 63);
        _supportedOps[index >> 6] = supported ? _supportedOps[index >> 6] | bit : _supportedOps[index >> 6] & ~bit;
    }

    /// <summary>How many opcodes the kernel's probe lists as supported.</summary>
    public int SupportedOpCount
    {
        get
        {
            int count = 0;
            foreach (ulong word in _supportedOps)
            {
                count += System.Numerics.BitOperations.PopCount(word);
            }

            return count;
        }
    }

    /// <summary>
    /// What a user cares about, in words: queue sizes, who may issue, and how much of io_uring this kernel offers.
    /// The raw flags are in <see cref="SetupFlags"/> and <see cref="KernelFeatures"/>.
    /// </summary>
    public override string ToString()
        => $"{SqEntries} submission and {CqEntries} completion entries ({SqeBytes}-byte SQEs, {CqeBytes}-byte CQEs), "
           + ((SetupFlags & SetupFlags.SingleIssuer) != 0 ? "driven by one thread" : "shared by several threads")
           + $", {SupportedOpCount} opcodes supported by this kernel";
}
