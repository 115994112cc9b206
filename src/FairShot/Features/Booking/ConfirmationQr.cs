using QRCoder;

namespace FairShot.Features.Booking;

/// <summary>
/// The confirmation code as a QR code for check-in, drawn here as a PNG and shown as a data: URI,
/// so the page loads no image from anyone else (the CSP allows img-src 'self' data:). Medium error
/// correction survives a cracked or dim phone screen; the quiet zone lets scanners find it.
/// </summary>
public static class ConfirmationQr
{
    public const int PixelsPerModule = 8;

    public static byte[] Png(string confirmationCode)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(confirmationCode, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule, drawQuietZones: true);
    }

    public static string PngDataUri(string confirmationCode) => "data:image/png;base64," + Convert.ToBase64String(Png(confirmationCode));
}
