using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

/// <summary>
/// The address of a <see cref="NativeBuffer"/>, for tests that compare SQE bytes with it or build iovecs and
/// headers over it (the runtime's type deliberately exposes no raw pointer: requests pin it through Memory).
/// </summary>
internal static unsafe class NativeBufferPointer
{
    extension(NativeBuffer buffer)
    {
        /// <summary>The first byte of the buffer (it never moves).</summary>
        public byte* Pointer => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Span));
    }
}
