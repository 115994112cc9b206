using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FairShot.Features.Records.HealthCards;

/// <summary>An EC P-256 public key as a JWK, with its RFC 7638 thumbprint as the <c>kid</c>.</summary>
public static class Jwk
{
    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexical order, no spaces.</summary>
    public static string Thumbprint(string x, string y) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));

    public static JsonObject Public(ECParameters key)
    {
        var x = Base64Url(key.Q.X);
        var y = Base64Url(key.Q.Y);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["kid"] = Thumbprint(x, y),
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["crv"] = "P-256",
            ["x"] = x,
            ["y"] = y,
        };
    }

    /// <summary>The verifying key of a published JWK; null for anything but an EC P-256 key.</summary>
    public static ECDsa? ToVerifier(JsonNode? jwk)
    {
        if (jwk?["kty"]?.GetValue<string>() != "EC" || jwk["crv"]?.GetValue<string>() != "P-256"
            || jwk["x"]?.GetValue<string>() is not { } x || jwk["y"]?.GetValue<string>() is not { } y)
        {
            return null;
        }
        return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = FromBase64Url(x), Y = FromBase64Url(y) } });
    }
}
