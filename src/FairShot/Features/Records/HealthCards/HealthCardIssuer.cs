using System.Text;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Features.Records.HealthCards;

/// <summary>A signed card and what it shows: the person's name, the doses, the JWS and, when it fits one QR, its numeric value.</summary>
public sealed record IssuedCard(string FirstName, string LastName, IReadOnlyList<CardDose> Doses, string Jws)
{
    public bool FitsOneQr => HealthCardQr.Fits(Jws);

    public string? QrText => FitsOneQr ? HealthCardQr.Numeric(Jws) : null;

    /// <summary>The <c>.smart-health-card</c> file.</summary>
    public byte[] File => JsonSerializer.SerializeToUtf8Bytes(new { verifiableCredential = new[] { Jws } });

    public string FileName => "vaccination-card.smart-health-card";
}

/// <summary>No dose was given to the person, so a card would hold nothing: 409.</summary>
public sealed record NothingToPutOnACard(string Detail) : ConflictError(Detail);

/// <summary>
/// Issues a person's SMART Health Card from their administrations: every dose given and not voided
/// (corrections are the row as it is now), none that were refused or not given. The payload is
/// <c>{iss, nbf, vc}</c> with <c>iss</c> the <c>PublicBaseUrl</c> setting (its JWK set is at
/// <c>iss + "/.well-known/jwks.json"</c>), minified, signed with the current key.
/// </summary>
public sealed class HealthCardIssuer(FairShotDb db, HealthCardKeyRing keys, AuditTrail audit, IConfiguration configuration, TimeProvider clock)
{
    public const string MediaType = "application/smart-health-card";
    public const string HealthCardType = "https://smarthealth.cards#health-card";

    private static readonly BaseFhirJsonSerializer Fhir = new(R4.ModelInfo.ModelInspector);

    public string Issuer => (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>The card for a caller, audited as read by the staff member who asked.</summary>
    public async Task<Result<IssuedCard>> IssueForStaffAsync(Actor actor, Guid personId, string purpose, CancellationToken cancellationToken)
    {
        var card = await IssueAsync(personId, cancellationToken);
        if (card.Succeeded)
        {
            audit.Record(actor, "health-card.issued", "Person", personId.ToString(), new { purpose, doses = card.Value!.Doses.Count });
            await db.SaveChangesAsync(cancellationToken);
        }
        return card;
    }

    public async Task<Result<IssuedCard>> IssueAsync(Guid personId, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            return new NotFoundError("There is no person with this id.");
        }
        var given = await (from a in db.Administrations.AsNoTracking()
                           join c in db.Clinics.AsNoTracking() on a.ClinicId equals c.Id
                           where a.PersonId == personId && a.Outcome == AdministrationOutcome.Given && a.State != AdministrationState.Voided
                           select new { a.ProductCvx, a.ProductName, a.AdministeredAt, a.Lot, a.DoseNumber, c.Name, c.TimeZoneId })
            .ToListAsync(cancellationToken);
        if (given.Count == 0)
        {
            return new NothingToPutOnACard("There is nothing to put on a card: no dose has been given to this person (refusals, doses not given and voided records are not on a card).");
        }
        var doses = given.OrderBy(d => d.AdministeredAt).ThenBy(d => d.DoseNumber)
            .Select(d => new CardDose(d.ProductCvx, d.ProductName, ClinicDate(d.TimeZoneId, d.AdministeredAt), d.Name, d.Lot, d.DoseNumber))
            .ToList();
        using var key = await keys.CurrentAsync(cancellationToken);
        var payload = Payload(HealthCardBundle.Build(person, doses), clock.GetUtcNow().ToUnixTimeSeconds());
        return new IssuedCard(person.FirstName, person.LastName, doses, HealthCardCodec.Sign(payload, key));
    }

    /// <summary>The people registered with a (normalised) contact, in the order the status page lists them.</summary>
    public async Task<IReadOnlyList<Guid>> PeopleOnContactAsync(string contact, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().Where(p => p.Email == contact || p.Phone == contact).OrderBy(p => p.RegisteredAt).Select(p => p.Id).ToListAsync(cancellationToken);

    private static DateOnly ClinicDate(string zoneId, DateTime administeredAt)
    {
        var clock = ClinicClock.TryFind(zoneId, out var found) ? found : ClinicClock.Utc;
        var local = clock.Local(administeredAt);
        return new DateOnly(local.Year, local.Month, local.Day);
    }

    private byte[] Payload(R4.Bundle bundle, long notBefore)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteNumber("nbf", notBefore);
            json.WriteStartObject("vc");
            json.WriteStartArray("type");
            json.WriteStringValue(HealthCardType);
            json.WriteEndArray();
            json.WriteStartObject("credentialSubject");
            json.WriteString("fhirVersion", "4.0.1");
            json.WritePropertyName("fhirBundle");
            Fhir.Serialize(bundle, json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The card's file as text, for pages that offer it as a download.</summary>
    public static string FileText(IssuedCard card) => Encoding.UTF8.GetString(card.File);
}
