using FairShot.Features.Shared.Languages;

namespace FairShot.Features.Records.HealthCards;

/// <summary>
/// A card as a page shows it: the QR as a PNG drawn here and inlined (a <c>data:</c> address, so the
/// card never travels to another server and needs no second request that would sign it again), the
/// file as a download of the same JWS, the name and the doses in the page's words.
/// </summary>
public sealed record HealthCardView(IWords Text, IssuedCard Card)
{
    public string Name => $"{Card.FirstName} {Card.LastName}";

    public string? QrPng => Card.QrText is { } numeric ? "data:image/png;base64," + Convert.ToBase64String(HealthCardQr.Png(numeric)) : null;

    public string FileHref => $"data:{HealthCardIssuer.MediaType};base64,{Convert.ToBase64String(Card.File)}";

    public IEnumerable<string> Doses => Card.Doses.Select(d => Text.CardDose(d.DoseNumber, d.ProductName, Text.FullDate(d.Date), d.ClinicName));
}
