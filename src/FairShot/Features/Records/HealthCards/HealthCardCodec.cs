using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FairShot.Features.Records.HealthCards;

/// <summary>What a verified card says: the signer's kid, the issuer, and the inflated payload.</summary>
public sealed record VerifiedCard(string Kid, string Issuer, JsonNode Payload, byte[] PayloadBytes);

/// <summary>
/// The compact JWS of a SMART Health Card (spec v1.4): header <c>{"alg":"ES256","zip":"DEF","kid":...}</c>,
/// the minified payload compressed with raw DEFLATE (no zlib header, which is what
/// <see cref="DeflateStream"/> writes), and a 64-byte r||s signature (IEEE P1363, .NET's default).
/// </summary>
public static class HealthCardCodec
{
    public static string Sign(ReadOnlySpan<byte> payload, SigningKey key)
    {
        var header = Jwk.Base64Url(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","zip":"DEF","kid":"{{key.Kid}}"}"""));
        var body = Jwk.Base64Url(Deflate(payload));
        var signingInput = Encoding.ASCII.GetBytes(header + "." + body);
        var signature = key.Key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return header + "." + body + "." + Jwk.Base64Url(signature);
    }

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(data);
        }
        return output.ToArray();
    }

    public static byte[] Inflate(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>
    /// Verifies a card against an issuer's keys (the JWK set's <c>keys</c>): ES256 over the first two
    /// parts with the key whose kid the header names, then inflates the payload. Null, with the reason,
    /// for anything else: another algorithm, no such kid, a bad signature, a payload that is not raw
    /// DEFLATE of JSON.
    /// </summary>
    public static VerifiedCard? Verify(string jws, IEnumerable<JsonNode?> keys, out string? reason)
    {
        reason = null;
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3)
        {
            reason = "not a compact JWS (three parts)";
            return null;
        }
        try
        {
            var header = JsonNode.Parse(Jwk.FromBase64Url(parts[0]))!;
            if (header["alg"]?.GetValue<string>() != "ES256" || header["zip"]?.GetValue<string>() != "DEF")
            {
                reason = "the header is not alg ES256 with zip DEF";
                return null;
            }
            var kid = header["kid"]?.GetValue<string>();
            var jwk = keys.FirstOrDefault(k => k?["kid"]?.GetValue<string>() == kid);
            using var verifier = Jwk.ToVerifier(jwk);
            if (kid is null || verifier is null)
            {
                reason = "no published EC P-256 key has the header's kid";
                return null;
            }
            var signature = Jwk.FromBase64Url(parts[2]);
            if (signature.Length != 64 || !verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature,
                    HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                reason = "the signature does not verify";
                return null;
            }
            var payload = Inflate(Jwk.FromBase64Url(parts[1]));
            var node = JsonNode.Parse(payload)!;
            return new VerifiedCard(kid, node["iss"]?.GetValue<string>() ?? "", node, payload);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException or InvalidOperationException or CryptographicException)
        {
            reason = "malformed: " + e.GetType().Name;
            return null;
        }
    }
}
