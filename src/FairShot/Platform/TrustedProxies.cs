using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace FairShot.Platform;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto FairShot believes, from
/// <c>ForwardedHeaders:KnownProxies</c>: addresses or CIDR networks, as a list or one
/// comma-separated value (<c>127.0.0.1, ::1</c>, <c>10.0.0.0/8</c>). None by default: a header
/// from anyone else is ignored, so nobody can pick the address a per-address limit or a sharing
/// signal sees.
/// </summary>
public sealed class TrustedProxies(IReadOnlyList<IPNetwork> networks)
{
    public const string ConfigurationKey = "ForwardedHeaders:KnownProxies";

    public IReadOnlyList<IPNetwork> Networks { get; } = networks;

    public bool Any => Networks.Count > 0;

    public static TrustedProxies From(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConfigurationKey);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var networks = new List<IPNetwork>();
        foreach (var value in values)
        {
            if (IPAddress.TryParse(value, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidOperationException($"{ConfigurationKey}: '{value}' is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        }
        return new TrustedProxies(networks);
    }

    public ForwardedHeadersOptions Options()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what is configured counts.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
        return options;
    }
}
