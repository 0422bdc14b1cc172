using System;
using System.Linq;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uring.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Uring transport with a service collection (what <c>UseUring()</c> does).</summary>
public static class UringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="UringTransportFactory"/> as Kestrel's <see cref="IConnectionListenerFactory"/>. Kestrel uses the
    /// factory registered last, so call this after Kestrel was added (<c>WebApplication.CreateBuilder</c> and
    /// <c>ConfigureWebHostDefaults</c> add it first). Calling it again only adds the configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Sets the transport's options; null for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddUringTransport(this IServiceCollection services, Action<UringTransportOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<UringTransportOptions>();
        if (configureOptions is not null)
        {
            services.Configure(configureOptions);
        }

        if (services.Any(static descriptor => descriptor.ServiceType == typeof(UringTransportFactory)))
        {
            return services;
        }

        services.AddSingleton(static provider => new UringTransportFactory(
            provider.GetRequiredService<IOptions<UringTransportOptions>>(),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<IOptions<SocketTransportOptions>>(),
            provider.GetService<IMemoryPoolFactory<byte>>()));
        services.AddSingleton<IConnectionListenerFactory>(static provider => provider.GetRequiredService<UringTransportFactory>());
        return services;
    }
}
