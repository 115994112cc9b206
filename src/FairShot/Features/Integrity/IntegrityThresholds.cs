using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

/// <summary>The county's integrity thresholds; a field left out of a change is an error, so a PUT always says all three.</summary>
public sealed record IntegrityThresholdsRequest(int? SharedLimit, int? OutlierMinimum, int? OutlierFactor);

public sealed record IntegrityThresholdsResponse(int SharedLimit, int OutlierMinimum, int OutlierFactor)
{
    public static readonly IntegrityThresholdsResponse Defaults = new(CountySettings.DefaultIntegritySharedLimit, CountySettings.DefaultIntegrityOutlierMinimum,
        CountySettings.DefaultIntegrityOutlierFactor);
}

/// <summary>
/// What makes a finding in the integrity report, set by the county: how many registrations one
/// e-mail, phone or browser may be behind (sharedContact, sharedDevice), and when a staff member
/// booked far more than peers (staffOutlier: at least a minimum, and more than a factor times the
/// others' median). Read on every report, so a change applies to the next report, call list and
/// cancellation by reasons.
/// </summary>
public sealed class IntegrityThresholds(FairShotDb db, AuditTrail audit)
{
    public async Task<IntegrityThresholdsResponse> GetAsync(CancellationToken ct)
    {
        var county = await db.CountySettings.AsNoTracking().FirstOrDefaultAsync(ct);
        return county is null
            ? IntegrityThresholdsResponse.Defaults
            : new IntegrityThresholdsResponse(county.IntegritySharedLimit, county.IntegrityOutlierMinimum, county.IntegrityOutlierFactor);
    }

    public async Task<Result<IntegrityThresholdsResponse>> SetAsync(Actor actor, IntegrityThresholdsRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.SharedLimit is not (>= CountySettings.MinIntegritySharedLimit and <= CountySettings.MaxIntegritySharedLimit))
        {
            errors.Add("sharedLimit", $"Give how many registrations one e-mail, phone or browser may be behind before it is a finding, a whole number from "
                + $"{CountySettings.MinIntegritySharedLimit} to {CountySettings.MaxIntegritySharedLimit}.");
        }
        if (request.OutlierMinimum is not (>= CountySettings.MinIntegrityOutlierMinimum and <= CountySettings.MaxIntegrityOutlierMinimum))
        {
            errors.Add("outlierMinimum", $"Give the fewest bookings of a day that can make a staff member stand out, a whole number from "
                + $"{CountySettings.MinIntegrityOutlierMinimum} to {CountySettings.MaxIntegrityOutlierMinimum}.");
        }
        if (request.OutlierFactor is not (>= CountySettings.MinIntegrityOutlierFactor and <= CountySettings.MaxIntegrityOutlierFactor))
        {
            errors.Add("outlierFactor", $"Give how many times more than colleagues a staff member must book to stand out, a whole number from "
                + $"{CountySettings.MinIntegrityOutlierFactor} to {CountySettings.MaxIntegrityOutlierFactor}.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var county = await db.CountySettings.SingleAsync(ct);
        county.SetIntegrityThresholds(request.SharedLimit!.Value, request.OutlierMinimum!.Value, request.OutlierFactor!.Value);
        var answer = new IntegrityThresholdsResponse(county.IntegritySharedLimit, county.IntegrityOutlierMinimum, county.IntegrityOutlierFactor);
        audit.Record(actor, "integrity.thresholds-set", "CountySettings", county.Id.ToString(CultureInfo.InvariantCulture), answer);
        await db.SaveChangesAsync(ct);
        return answer;
    }
}
