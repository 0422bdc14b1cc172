using System;
using Microsoft.Extensions.DependencyInjection;
using Uring.AspNetCore;

namespace Microsoft.AspNetCore.Hosting;

/// <summary><c>UseUring()</c>: Kestrel on io_uring, in one line of Program.cs.</summary>
public static class WebHostBuilderUringExtensions
{
    /// <summary>
    /// Runs Kestrel's connections on Uring's event loops (one io_uring each, see
    /// <see cref="UringTransportOptions.LoopCount"/>) instead of its socket transport: <c>builder.WebHost.UseUring();</c>.
    /// Where io_uring is unavailable, Kestrel falls back to the socket transport with one logged warning that says why
    /// (see <see cref="UringTransportOptions.Strict"/> to fail instead).
    /// </summary>
    /// <param name="hostBuilder">The web host builder (<c>WebApplicationBuilder.WebHost</c>).</param>
    /// <returns><paramref name="hostBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hostBuilder"/> is null.</exception>
    public static IWebHostBuilder UseUring(this IWebHostBuilder hostBuilder)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        return hostBuilder.ConfigureServices(static services => services.AddUringTransport());
    }

    /// <summary><see cref="UseUring(IWebHostBuilder)"/> with options (loop count, ring size, buffer sizes, strict mode).</summary>
    /// <param name="hostBuilder">The web host builder.</param>
    /// <param name="configureOptions">Sets the transport's options.</param>
    /// <returns><paramref name="hostBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IWebHostBuilder UseUring(this IWebHostBuilder hostBuilder, Action<UringTransportOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        return hostBuilder.ConfigureServices(services => services.AddUringTransport(configureOptions));
    }
}
