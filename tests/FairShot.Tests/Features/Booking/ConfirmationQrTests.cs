using System.Buffers.Binary;
using System.IO.Compression;
using FairShot.Features.Booking;

namespace FairShot.Tests.Features.Booking;

/// <summary>Features/Booking/ConfirmationQr: the confirmation code drawn as a PNG, on our own origin.</summary>
public sealed class ConfirmationQrTests
{
    [Fact]
    public void Png_OfAConfirmationCode_IsAValidSquarePngOfWholeModules()
    {
        var png = ConfirmationQr.Png("ACDEFGHJKL");

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png).ToList();
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        var width = BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(0, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4, 4));
        Assert.Equal(width, height);
        // A version-1 symbol is 21 modules, plus a 4-module quiet zone on each side.
        Assert.Equal((21 + 8) * ConfirmationQr.PixelsPerModule, width);

        // The pixel data inflates to one filter byte plus the packed pixels per row.
        var compressed = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        using var inflated = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var pixels = new MemoryStream();
        inflated.CopyTo(pixels);
        var bitDepth = chunks[0].Data[8];
        Assert.Equal(height * (1 + ((width * bitDepth) + 7) / 8), pixels.Length);
    }

    [Fact]
    public void PngDataUri_IsAnImageTheContentSecurityPolicyAllows()
    {
        var uri = ConfirmationQr.PngDataUri("ACDEFGHJKL");

        Assert.StartsWith("data:image/png;base64,", uri, StringComparison.Ordinal);
        Assert.Equal(ConfirmationQr.Png("ACDEFGHJKL"), Convert.FromBase64String(uri["data:image/png;base64,".Length..]));
        Assert.NotEqual(ConfirmationQr.Png("ACDEFGHJKL"), ConfirmationQr.Png("ACDEFGHJKM"));
    }

    private static IEnumerable<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at, 4));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            yield return (type, png.AsSpan(at + 8, length).ToArray());
            at += 12 + length; // length, type, data, CRC
        }
    }
}
