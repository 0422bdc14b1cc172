using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Kestrel's protocol layers above the transport: TLS (HTTP/1.1 and HTTP/2 over it) and HTTP/2 without TLS.</summary>
public sealed class ProtocolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HTTPS_serves_HTTP_1_1_and_HTTP_2_over_the_transport(int major)
    {
        using X509Certificate2 certificate = SelfSigned();
        await using TestApp app = await TestApp.StartAsync(kestrel: options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        Assert.StartsWith("https://", app.Addresses[0], StringComparison.Ordinal);
        using HttpClient client = new(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = app.BaseAddress,
            DefaultRequestVersion = new Version(major, major == 1 ? 1 : 0),
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using HttpResponseMessage response = await client.GetAsync("bytes/1000000", TestContext.Current.CancellationToken);
        Assert.Equal(major, response.Version.Major);
        Assert.Equal(Payload.Create(1_000_000, 1_000_000), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        byte[] sent = Payload.Create(500_000, 5);
        using HttpResponseMessage echo = await client.PostAsync("echo", new ByteArrayContent(sent), TestContext.Current.CancellationToken);
        Assert.Equal(sent, await echo.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HTTP_2_without_TLS_multiplexes_concurrent_requests_on_one_connection()
    {
        await using TestApp app = await TestApp.StartAsync(kestrel: options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        using HttpClient client = new(new SocketsHttpHandler())
        {
            BaseAddress = app.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        Task<byte[]>[] requests = new Task<byte[]>[32];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = client.GetByteArrayAsync($"bytes/{i * 1000}", TestContext.Current.CancellationToken);
        }

        for (int i = 0; i < requests.Length; i++)
        {
            Assert.Equal(Payload.Create(i * 1000, i * 1000), await requests[i]);
        }

        // One connection carried them all: the loops own their eventfds and that one connection.
        Assert.Equal(3, app.Loops.Loops[0].GetStatistics().OwnedFileDescriptors + app.Loops.Loops[1].GetStatistics().OwnedFileDescriptors);
    }

    private static X509Certificate2 SelfSigned()
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Kestrel needs the private key in a form the TLS stack can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
