using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

/// <summary>A clinic's doses per product and lot, its ledger, and the receive, transfer and wastage forms.</summary>
[Authorize(Policy = StaffPolicies.ConsoleScheduling)]
public sealed class ClinicStockModel(StockQueries queries, StockKeeping keeping, Data.FairShotDb db) : PageModel
{
    public sealed class ReceiveInput
    {
        public string? CvxCode { get; set; }
        public string? Lot { get; set; }
        public string? ExpiresOn { get; set; }
        public int? Doses { get; set; }
        public string? ArrivesOn { get; set; }
    }

    public sealed class TransferInput
    {
        public Guid? ToClinicId { get; set; }
        public string? CvxCode { get; set; }
        public string? Lot { get; set; }
        public int? Doses { get; set; }
    }

    public sealed class WasteInput
    {
        public string? CvxCode { get; set; }
        public string? Lot { get; set; }
        public int? Doses { get; set; }
        public string? Reason { get; set; }
        public string? ReasonText { get; set; }
    }

    public ClinicStock? Stock { get; private set; }
    public IReadOnlyList<MovementView> Movements { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> OtherClinics { get; private set; } = [];
    public IReadOnlyList<(string Cvx, string Name)> ProductChoices { get; private set; } = [];

    [BindProperty]
    public ReceiveInput Receive { get; set; } = new();

    [BindProperty]
    public TransferInput Transfer { get; set; } = new();

    [BindProperty]
    public WasteInput Waste { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        // Each picker starts at a product the clinic holds (the most doses on hand, then expected),
        // or the first product for a clinic with none yet, not always the lowest CVX code.
        var held = Stock!.Products.Where(p => p.OnHand > 0 || p.Expected > 0).OrderByDescending(p => p.OnHand).ThenByDescending(p => p.Expected).Select(p => p.CvxCode)
            .FirstOrDefault(cvx => ProductChoices.Any(c => c.Cvx == cvx));
        var first = held ?? ProductChoices.Select(c => c.Cvx).FirstOrDefault();
        Receive.CvxCode ??= first;
        Transfer.CvxCode ??= first;
        Waste.CvxCode ??= first;
        return Page();
    }

    public async Task<IActionResult> OnPostReceiveAsync(Guid id, CancellationToken ct)
    {
        ClearOthers(nameof(Receive));
        var result = await keeping.ReceiveAsync(User.ToActor(), new ShipmentRequest(id, Receive.CvxCode, Receive.Lot, Receive.ExpiresOn, Receive.Doses, Receive.ArrivesOn), ct);
        return await AfterAsync(id, result, "Receive.", r => $"Received {r.Doses:N0} doses of lot {r.Lot}.", ct);
    }

    public async Task<IActionResult> OnPostTransferAsync(Guid id, CancellationToken ct)
    {
        ClearOthers(nameof(Transfer));
        var result = await keeping.TransferAsync(User.ToActor(), new TransferRequest(id, Transfer.ToClinicId, Transfer.CvxCode, Transfer.Lot, Transfer.Doses, null), ct);
        return await AfterAsync(id, result, "Transfer.", r => $"Transferred {r.Doses:N0} doses of lot {r.Lot}.", ct);
    }

    public async Task<IActionResult> OnPostWasteAsync(Guid id, CancellationToken ct)
    {
        ClearOthers(nameof(Waste));
        var result = await keeping.WasteAsync(User.ToActor(), id, new WastageRequest(Waste.CvxCode, Waste.Lot, Waste.Doses, Waste.Reason, Waste.ReasonText), ct);
        return await AfterAsync(id, result, "Waste.", r => $"Recorded {r.Doses:N0} wasted doses of lot {r.Lot}.", ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Domain.Result<MovementResponse> result, string prefix, Func<MovementResponse, string> message, CancellationToken ct)
    {
        if (!result.Succeeded)
        {
            if (!result.Succeeded && result.Error is Domain.NotFoundError)
            {
                return NotFound();
            }
            result.Error?.AddTo(ModelState, prefix);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        Message = string.Join(' ', new[] { message(result.Value!) }.Concat(result.Value!.Warnings));
        return RedirectToPage(new { id });
    }

    // The handlers check every field themselves (a number that is not one arrives as null and gets
    // their message), and the other two forms' empty fields are not errors: start from a clean state.
    private void ClearOthers(string posted)
    {
        _ = posted;
        ModelState.Clear();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var stock = await queries.StockAsync(id, ct);
        if (!stock.Succeeded)
        {
            return false;
        }
        Stock = stock.Value!;
        Movements = (await queries.MovementsAsync(id, 50, ct)).Value ?? [];
        OtherClinics = (await db.Clinics.AsNoTracking().Where(c => c.Id != id).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        ProductChoices = (await db.Products.AsNoTracking().OrderBy(p => p.CvxCode).Select(p => new { p.CvxCode, p.Name }).ToListAsync(ct))
            .Select(p => (p.CvxCode, p.Name)).ToList();
        return true;
    }
}
