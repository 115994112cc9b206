using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ZXing;
using ErrorCorrectionLevel = ZXing.QrCode.Internal.ErrorCorrectionLevel;
using QRCode = ZXing.QrCode.Internal.QRCode;

namespace FairShot.Features.Records.HealthCards;

/// <summary>
/// A card as one QR code (spec v1.4): <c>shc:/</c> then each base64url character of the JWS as two
/// digits (its code minus 45), error correction L, encoded by ZXing.Net with <c>QR_COMPACT</c> so
/// the symbol holds exactly two segments, byte (<c>shc:/</c>) then numeric, as verifiers expect.
/// A JWS longer than <see cref="MaxSingleJwsLength"/> (what version 22 holds) is not put in a QR:
/// v1.4 deprecates chunked cards, and the page says the card is too long instead.
/// </summary>
public static class HealthCardQr
{
    public const int MaxSingleJwsLength = 1195;

    /// <summary>Pixels per module of the PNG; 4 modules of quiet zone on each side.</summary>
    public const int ModulePixels = 6;
    public const int QuietZone = 4;

    public static bool Fits(string jws) => jws.Length <= MaxSingleJwsLength;

    public static string Numeric(string jws)
    {
        var text = new StringBuilder("shc:/", 5 + (jws.Length * 2));
        foreach (var c in jws)
        {
            var value = c - 45;
            if (value is < 0 or > 99)
            {
                throw new ArgumentException("A compact JWS holds base64url characters and dots only.", nameof(jws));
            }
            text.Append((char)('0' + (value / 10))).Append((char)('0' + (value % 10)));
        }
        return text.ToString();
    }

    public static string Jws(string numeric)
    {
        if (!numeric.StartsWith("shc:/", StringComparison.Ordinal) || numeric.Length % 2 == 0)
        {
            throw new System.FormatException("Not a single-chunk shc:/ value.");
        }
        var jws = new StringBuilder((numeric.Length - 5) / 2);
        for (var i = 5; i < numeric.Length; i += 2)
        {
            jws.Append((char)((((numeric[i] - '0') * 10) + (numeric[i + 1] - '0')) + 45));
        }
        return jws.ToString();
    }

    /// <summary>The QR symbol of a card's numeric value, and its version.</summary>
    public static QRCode Encode(string numeric) =>
        ZXing.QrCode.Internal.Encoder.encode(numeric, ErrorCorrectionLevel.L, new Dictionary<EncodeHintType, object>
        {
            [EncodeHintType.QR_COMPACT] = true,
        });

    /// <summary>The QR as a black-on-white 8-bit greyscale PNG, drawn here (no outside service ever sees a card).</summary>
    public static byte[] Png(string numeric)
    {
        var matrix = Encode(numeric).Matrix;
        var modules = matrix.Width + (2 * QuietZone);
        var size = modules * ModulePixels;
        var raw = new byte[size * (size + 1)];
        for (var py = 0; py < size; py++)
        {
            var row = py * (size + 1);
            raw[row] = 0; // filter: none
            var my = (py / ModulePixels) - QuietZone;
            for (var px = 0; px < size; px++)
            {
                var mx = (px / ModulePixels) - QuietZone;
                var dark = mx >= 0 && my >= 0 && mx < matrix.Width && my < matrix.Height && matrix[mx, my] == 1;
                raw[row + 1 + px] = dark ? (byte)0 : (byte)255;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeBytes, data));
        png.Write(number);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    private static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type.Concat(data))
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
