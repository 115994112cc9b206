using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Supply;

public static class SupplyApi
{
    public static IEndpointRouteBuilder MapSupplyApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").WithTags("Supply");

        admin.MapGet("/products", async (Products products, CancellationToken ct) => TypedResults.Ok(await products.ListAsync(ct)))
            .RequireAuthorization(StaffPolicies.ApiAnyStaff).WithSummary("Vaccine products: CVX, MVX, NDC, doses per vial, series and intervals.");
        admin.MapPost("/products", async (VaccineProduct.Definition request, Products products, HttpContext http, CancellationToken ct) =>
                Created(await products.CreateAsync(http.User.ToActor(), request, ct), p => $"/api/v1/admin/products/{p.CvxCode}"))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("Add a product.");
        admin.MapPut("/products/{cvxCode}", async (string cvxCode, VaccineProduct.Definition request, Products products, HttpContext http, CancellationToken ct) =>
                Ok(await products.UpdateAsync(http.User.ToActor(), cvxCode, request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("Change a product (the CVX code stays).");

        admin.MapPost("/shipments", async (ShipmentRequest request, StockKeeping stock, HttpContext http, CancellationToken ct) =>
                Created(await stock.ReceiveAsync(http.User.ToActor(), request, ct), m => $"/api/v1/admin/clinics/{m.ClinicId}/stock"))
            .RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Receive doses of a lot at a clinic; a future arrivesOn makes them expected supply from that date.");
        admin.MapPost("/transfers", async (TransferRequest request, StockKeeping stock, HttpContext http, CancellationToken ct) =>
                Created(await stock.TransferAsync(http.User.ToActor(), request, ct), m => $"/api/v1/admin/clinics/{m.ClinicId}/stock"))
            .RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Move doses of a lot between clinics, all or nothing (409 when they are not there or back planned seats), optionally earmarked.");
        admin.MapPost("/clinics/{clinicId:guid}/wastage", async (Guid clinicId, WastageRequest request, StockKeeping stock, HttpContext http, CancellationToken ct) =>
                Created(await stock.WasteAsync(http.User.ToActor(), clinicId, request, ct), m => $"/api/v1/admin/clinics/{m.ClinicId}/stock"))
            .RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Record doses thrown away (expired, broken, temperature-excursion, open-vial-unused, other); free seats go first when it leaves days short.");
        admin.MapGet("/clinics/{clinicId:guid}/stock", async (Guid clinicId, StockQueries stock, CancellationToken ct) => Ok(await stock.StockAsync(clinicId, ct)))
            .RequireAuthorization(StaffPolicies.ApiAnyStaff).WithSummary("A clinic's doses per product and lot: on hand, expected, allocated, held for second doses, given, wasted, available.");
        admin.MapGet("/clinics/{clinicId:guid}/stock/movements", async (Guid clinicId, int? take, StockQueries stock, CancellationToken ct) =>
                Ok(await stock.MovementsAsync(clinicId, take ?? 200, ct)))
            .RequireAuthorization(StaffPolicies.ApiAnyStaff).WithSummary("The clinic's dose ledger, newest first.");

        admin.MapPost("/allocations", async (AllocationRequest request, Allocations allocations, HttpContext http, CancellationToken ct) =>
                Ok(await allocations.EnterAsync(http.User.ToActor(), request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("Enter (or change) the state's allocation of a product for a week starting on Monday.");
        admin.MapGet("/allocations", async (string? weekOf, Allocations allocations, CancellationToken ct) => Ok(await allocations.WeekAsync(weekOf, ct)))
            .RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("A week's allocations, each with FairShot's proposal: second doses due held back, the rest split over clinics by planned days.");
        admin.MapPost("/allocations/{id:guid}/accept", async (Guid id, AcceptRequest request, Allocations allocations, HttpContext http, CancellationToken ct) =>
                Created(await allocations.AcceptAsync(http.User.ToActor(), id, request, ct), a => $"/api/v1/admin/allocations?weekOf={a.WeekOf:yyyy-MM-dd}"))
            .RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Turn the (edited) proposal into expected shipments per clinic arriving on the Monday, all or nothing; once only.");
        admin.MapGet("/supply/projection", async (SupplyProjection projection, CancellationToken ct) => TypedResults.Ok(await projection.ProjectAsync(ct)))
            .RequireAuthorization(StaffPolicies.ApiAnyStaff)
            .WithSummary("Per open and next phase: people waiting and the weeks the expected weekly supply takes to offer each a first dose, after second doses.");
        return routes;
    }

    private static Results<Created<T>, ProblemHttpResult> Created<T>(Result<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value!), result.Value) : result.Error!.ToProblem();

    private static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
}
