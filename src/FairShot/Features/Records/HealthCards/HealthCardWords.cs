namespace FairShot.Features.Records.HealthCards;

/// <summary>The resident's vaccination card (SMART Health Card) page. Every language implements it (Features/Shared/Languages).</summary>
public interface IHealthCardWords
{
    string CardTitle { get; }
    string CardIntro { get; }
    string CardFor(string name);
    string CardDosesHeading { get; }
    string CardDose(int doseNumber, string product, string date, string clinic);
    string CardQrAlt { get; }
    string CardDownload { get; }
    string CardDownloadHint { get; }
    string CardTooLong { get; }
    string CardNothingYet { get; }
    string CardShow { get; }
    string CardOpenLink { get; }
    string CardBack { get; }
}
