using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Integrity;

public static class IntegrityApi
{
    /// <summary>The largest import body read (about 10,000 rows of CSV, or a FHIR bundle of them).</summary>
    public const int MaxImportBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapIntegrityApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin").WithTags("Integrity").RequireAuthorization(StaffPolicies.ApiAdmin);
        group.MapPost("/imports/appointments", ImportAsync)
            .Accepts<string>("text/csv", "application/fhir+json", "application/json")
            .WithSummary("Import a partner system's bookings for a clinic day: text/csv (firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt[,language...], "
                + "startsAt the clinic's local YYYY-MM-DDTHH:MM) or a FHIR R4 Bundle of Appointment + Patient. Each row is matched or registered (source import) and placed "
                + "under the usual capacity and supply rules; any bad row and nothing is imported, unless goodRowsOnly=true; dryRun=true changes nothing. "
                + "Answers {imported, errors: [{line, reason}]}.");
        group.MapGet("/integrity", async (Guid clinicDayId, IntegrityReport report, CancellationToken ct) => Answer(await report.ReportAsync(clinicDayId, ct)))
            .WithSummary("The integrity report of a clinic day: the active appointments that fail a check, each with its reason codes, and a count per reason.");
        group.MapPost("/integrity/cancellations", async (CancellationRequest request, IntegrityCancellation cancellation, HttpContext http, CancellationToken ct) =>
                Answer(await cancellation.CancelAsync(http.User.ToActor(), request, ct)))
            .WithSummary("Cancel exactly the appointments named (appointmentIds, or reasons + clinicDayId); dryRun says how many and who. Each person is told in their "
                + "language; seats and held doses are released; the next people in line are invited at once. Answers {cancelled, notified, invited, appointments}.");
        // Schedulers phone too: their own group, since a policy added to the admin group would be required on top of the admin one.
        var calling = routes.MapGroup("/api/v1/admin").WithTags("Integrity").RequireAuthorization(StaffPolicies.ApiScheduling);
        calling.MapGet("/integrity/call-list", async (Guid clinicDayId, CallList calls, CancellationToken ct) => Answer(await calls.ListAsync(clinicDayId, ct)))
            .WithSummary("The day's appointments that passed every check, to phone and confirm, with the last outcome of each and the count left to call.");
        calling.MapPost("/integrity/call-list", async (Guid clinicDayId, CallRequest request, CallList calls, HttpContext http, CancellationToken ct) =>
                Answer(await calls.RecordAsync(http.User.ToActor(), clinicDayId, request, ct)))
            .WithSummary("Record a call's outcome {appointmentId, outcome: confirmed|noAnswer|wrongNumber|cancelledByPerson, note}; cancelledByPerson cancels the appointment.");
        group.MapGet("/people/{id:guid}/story", async (Guid id, PersonStory story, CancellationToken ct) => Answer(await story.StoryAsync(id, ct)))
            .WithSummary("Everything that happened to a registration and its appointments, oldest first, with who did it (audit log, invitations, visits, messages, doses).");
        group.MapGet("/settings/integrity", async (IntegrityThresholds thresholds, CancellationToken ct) => TypedResults.Ok(await thresholds.GetAsync(ct)))
            .WithSummary("The county's integrity thresholds: {sharedLimit, outlierMinimum, outlierFactor}.");
        group.MapPut("/settings/integrity", async (IntegrityThresholdsRequest request, IntegrityThresholds thresholds, HttpContext http, CancellationToken ct) =>
                Answer(await thresholds.SetAsync(http.User.ToActor(), request, ct)))
            .WithSummary($"Set what makes a finding: sharedLimit (an e-mail, phone or browser behind more registrations than this, {CountySettings.MinIntegritySharedLimit} to "
                + $"{CountySettings.MaxIntegritySharedLimit}, default {CountySettings.DefaultIntegritySharedLimit}); outlierMinimum ({CountySettings.MinIntegrityOutlierMinimum} to "
                + $"{CountySettings.MaxIntegrityOutlierMinimum}, default {CountySettings.DefaultIntegrityOutlierMinimum}) and outlierFactor ({CountySettings.MinIntegrityOutlierFactor} to "
                + $"{CountySettings.MaxIntegrityOutlierFactor}, default {CountySettings.DefaultIntegrityOutlierFactor}): a staff member with at least outlierMinimum bookings of a day "
                + "and more than outlierFactor times the others' median. 400 names the field out of range.");
        return routes;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(Guid clinicDayId, string? partner, bool? dryRun, bool? goodRowsOnly,
        HttpRequest request, AppointmentImport import, HttpContext http, CancellationToken ct)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return new Domain.ValidationError(new Dictionary<string, string[]> { ["body"] = [$"Send at most {MaxImportBytes / 1024 / 1024} MB at a time; split the import."] }).ToProblem();
        }
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        return Answer(await import.ImportAsync(http.User.ToActor(), clinicDayId, partner, dryRun == true, goodRowsOnly == true, request.ContentType ?? "text/csv", body, ct));
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Domain.Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
}
