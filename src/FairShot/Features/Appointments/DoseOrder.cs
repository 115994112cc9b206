using FairShot.Domain;

namespace FairShot.Features.Appointments;

/// <summary>
/// The order of a series' doses: dose n+1 on a clinic day at least the product's minimum interval
/// after dose n's clinic day (the days as each clinic's calendar reads them, as booking counts
/// them), and after it in time. Moves check it both ways: dose 2 cannot move too close to, or
/// before, dose 1; dose 1 moved too close to dose 2 releases dose 2.
/// </summary>
public static class DoseOrder
{
    /// <summary>
    /// The fewest days allowed from one dose to the next. Products carry one interval today
    /// (<see cref="VaccineProduct.DaysToNextDose"/>); when they carry a separate minimum, read it here.
    /// </summary>
    public static int MinimumDays(VaccineProduct product) => product.DaysToNextDose ?? 0;

    /// <summary>The first clinic date the next dose may be on.</summary>
    public static DateOnly EarliestNext(DateOnly previousDoseDate, int minimumDays) => previousDoseDate.AddDays(minimumDays);

    /// <summary>The last clinic date the previous dose may be on for the next one to stay where it is.</summary>
    public static DateOnly LatestPrevious(DateOnly nextDoseDate, int minimumDays) => nextDoseDate.AddDays(-minimumDays);

    public static bool InOrder(DateOnly earlierDate, DateTime earlierStartsAt, DateOnly laterDate, DateTime laterStartsAt, int minimumDays) =>
        laterStartsAt > earlierStartsAt && laterDate >= EarliestNext(earlierDate, minimumDays);
}
