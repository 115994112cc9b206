using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Clinics;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace FairShot.Features.Clinics;

public sealed record ClinicDayRow(Guid Id, DateOnly Date, string Vaccine, int Slots, int Capacity, int Booked);

/// <summary>
/// One clinic and its upcoming days. Admins and schedulers plan a new day here: the times are the
/// clinic's local time, and the day is cut into equal slots.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
[ClinicScoped]
public sealed class ClinicDetailsModel(ClinicScheduling scheduling, IAuthorizationService authorization, ClinicAccess access, TimeProvider clock) : PageModel
{
    // Bound as text and parsed here, so "ten" gets a sentence a person can act on instead of the
    // framework's "The value 'ten' is not valid".
    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? OpensAt { get; set; } = "09:00";

    [BindProperty]
    public string? ClosesAt { get; set; } = "17:00";

    [BindProperty]
    public string? SlotMinutes { get; set; } = "15";

    [BindProperty]
    public string? CapacityPerSlot { get; set; }

    [BindProperty]
    public string? CvxCode { get; set; }

    public ClinicResponse? Clinic { get; private set; }
    public IReadOnlyList<ClinicDayRow> Days { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Products { get; private set; } = [];
    public bool CanSchedule { get; private set; }
    public bool IsAdmin { get; private set; }
    public string? Saved { get; private set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await access.CanActOnAsync(User, id, cancellationToken))
        {
            return Forbid();
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleScheduling)).Succeeded)
        {
            return Forbid();
        }
        var slotMinutes = ParseWholeNumber(SlotMinutes);
        var capacityPerSlot = ParseWholeNumber(CapacityPerSlot);
        var request = new CreateClinicDayRequest(Date, OpensAt, ClosesAt, slotMinutes, capacityPerSlot, CvxCode);
        var result = await scheduling.ScheduleDayAsync(User.ToActor(), id, request, cancellationToken);
        if (result.Succeeded)
        {
            return LocalRedirect($"/console/clinic-days/{result.Value!.Id}");
        }

        if (result.Error is NotFoundError)
        {
            await LoadAsync(id, cancellationToken);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (result.Error is ConflictError conflict)
        {
            ModelState.AddModelError(nameof(Date), conflict.Detail); // the date is what to change
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        // The handler words its messages for the API; say them the way this form asks.
        if (slotMinutes is null && !string.IsNullOrWhiteSpace(SlotMinutes))
        {
            ModelState.Reword(nameof(SlotMinutes), "Enter the length of a slot in minutes as a whole number, like 15.");
        }
        if (capacityPerSlot is null && !string.IsNullOrWhiteSpace(CapacityPerSlot))
        {
            ModelState.Reword(nameof(CapacityPerSlot), "Enter how many people each slot can take as a whole number, like 10.");
        }
        if (string.IsNullOrWhiteSpace(CvxCode))
        {
            ModelState.Reword(nameof(CvxCode), "Choose the vaccine given that day.");
        }
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await scheduling.GetClinicAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            return false;
        }
        Clinic = found.Value!;
        var products = await scheduling.ProductsAsync(cancellationToken);
        var names = products.ToDictionary(p => p.CvxCode, ConsoleFormat.Product);
        Products = products.Select(p => new SelectListItem(ConsoleFormat.Product(p), p.CvxCode)).ToList();
        var today = ClinicClock.For(Clinic.TimeZone).Today(clock.GetUtcNow()).ToDateOnly();
        Today = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Days = (await scheduling.ListDaysAsync(id, today, cancellationToken))
            .Select(d => new ClinicDayRow(d.Id, d.Date, names.GetValueOrDefault(d.ProductCvx, d.ProductCvx), d.Slots, d.Capacity, d.Booked))
            .ToList();
        CanSchedule = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleScheduling)).Succeeded;
        IsAdmin = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleAdmin)).Succeeded;
        Saved = TempData[ClinicListingModel.SavedKey] as string;
        return true;
    }

    private static int? ParseWholeNumber(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
