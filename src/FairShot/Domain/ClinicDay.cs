using System.Globalization;
using NodaTime;

namespace FairShot.Domain;

/// <summary>
/// One day of one clinic giving one product, split into slots. Times are planned in the clinic's
/// local time and each slot is stored as UTC instants, so a day in America/Phoenix and one in
/// America/Chicago compare correctly.
/// </summary>
public sealed class ClinicDay
{
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 240;
    public const int MaxCapacityPerSlot = 500;
    public const int MaxDaysAhead = 366;

    private readonly List<Slot> _slots = [];

    private ClinicDay() { }

    public Guid Id { get; private set; }
    public Guid ClinicId { get; private set; }
    public DateOnly Date { get; private set; }
    public TimeOnly OpensAt { get; private set; }
    public TimeOnly ClosesAt { get; private set; }
    public int SlotMinutes { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    /// <summary>Lets the fill monitor invite for this day on its own; null follows the county default.</summary>
    public bool? AutofillEnabled { get; private set; }

    /// <summary>How many days before the day the monitor starts; null follows the county default.</summary>
    public int? AutofillStartDaysAhead { get; private set; }

    /// <summary>
    /// Doses taken from the clinic's stock for this day's seats (the supply ledger's allocations
    /// minus releases). The day's capacity never exceeds it: every change of capacity goes through
    /// the allocation that locks the clinic's balance row.
    /// </summary>
    public int DosesAllocated { get; private set; }

    /// <summary>Doses given on this day out of its allocation.</summary>
    public int DosesAdministered { get; private set; }

    /// <summary>Built on earmarked doses: only the people the earmark admits are invited for it.</summary>
    public Guid? EarmarkId { get; private set; }

    /// <summary>
    /// Cuts the planned seats to the doses that can be allocated, spread evenly over the day so no
    /// hour is left empty; slots that would hold nobody are dropped. Only before the day is saved.
    /// </summary>
    public bool LimitTo(int doses)
    {
        var capacity = Capacity;
        if (doses >= capacity)
        {
            return false;
        }
        var n = _slots.Count;
        var kept = new List<Slot>(n);
        for (var i = 0; i < n; i++)
        {
            var share = (int)(((long)(i + 1) * doses / n) - ((long)i * doses / n));
            if (share > 0)
            {
                _slots[i].Resize(Math.Min(share, _slots[i].Capacity));
                kept.Add(_slots[i]);
            }
        }
        _slots.Clear();
        _slots.AddRange(kept);
        return true;
    }

    /// <summary>Records the doses allocated to a new day and the earmark they came from.</summary>
    public void BackWith(int doses, Guid? earmarkId)
    {
        if (doses < Capacity)
        {
            throw new InvalidOperationException("A clinic day cannot have more seats than doses allocated to it.");
        }
        DosesAllocated = doses;
        EarmarkId = earmarkId;
    }

    public void SetAutofill(bool? enabled, int? startDaysAhead)
    {
        AutofillEnabled = enabled;
        AutofillStartDaysAhead = startDaysAhead;
    }

    public IReadOnlyList<Slot> Slots => _slots;

    public int Capacity => _slots.Sum(s => s.Capacity);
    public int Booked => _slots.Sum(s => s.Booked);

    public sealed record Plan(string? Date, string? OpensAt, string? ClosesAt, int? SlotMinutes, int? CapacityPerSlot, string? CvxCode);

    /// <summary>Validates a plan against the clinic's calendar and builds the day with its slots.</summary>
    public static Result<ClinicDay> Schedule(Clinic clinic, Plan plan, VaccineProduct? product, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        var clock = clinic.Clock;
        var today = clinic.Today(now);

        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(plan.Date))
        {
            errors.Add("date", "Enter the date of the clinic day, like 2027-03-01.");
        }
        else if (!DateOnly.TryParseExact(plan.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors.Add("date", "Enter the date as year-month-day, like 2027-03-01.");
        }
        else if (date < today)
        {
            errors.Add("date", $"The date is in the past. Today at this clinic is {today:yyyy-MM-dd}.");
        }
        else if (date > today.AddDays(MaxDaysAhead))
        {
            errors.Add("date", $"Clinic days can be planned up to {MaxDaysAhead} days ahead.");
        }

        var opens = ParseTime(plan.OpensAt, "opensAt", "opening", errors);
        var closes = ParseTime(plan.ClosesAt, "closesAt", "closing", errors);
        if (opens is { } o && closes is { } c && c <= o)
        {
            errors.Add("closesAt", "The closing time must be after the opening time.");
        }

        var slotMinutes = plan.SlotMinutes;
        if (slotMinutes is null)
        {
            errors.Add("slotMinutes", "Enter how many minutes each slot lasts.");
        }
        else if (slotMinutes < MinSlotMinutes || slotMinutes > MaxSlotMinutes)
        {
            errors.Add("slotMinutes", $"A slot lasts between {MinSlotMinutes} and {MaxSlotMinutes} minutes.");
        }
        else if (opens is { } o2 && closes is { } c2 && c2 > o2 && (int)(c2 - o2).TotalMinutes % slotMinutes.Value != 0)
        {
            errors.Add("slotMinutes", $"The day lasts {(int)(c2 - o2).TotalMinutes} minutes, which is not a whole number of {slotMinutes}-minute slots.");
        }

        var capacityPerSlot = plan.CapacityPerSlot;
        if (capacityPerSlot is null)
        {
            errors.Add("capacityPerSlot", "Enter how many people each slot can take.");
        }
        else if (capacityPerSlot < 1 || capacityPerSlot > MaxCapacityPerSlot)
        {
            errors.Add("capacityPerSlot", $"Each slot takes between 1 and {MaxCapacityPerSlot} people.");
        }

        if (string.IsNullOrWhiteSpace(plan.CvxCode))
        {
            errors.Add("cvxCode", "Enter the CVX code of the vaccine given, for example 208.");
        }
        else if (product is null)
        {
            errors.Add("cvxCode", "This CVX code is not a vaccine FairShot knows. Known codes: 207 (Moderna), 208 (Pfizer-BioNTech), 212 (Janssen).");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var opening = LocalTime.FromTimeOnly(opens!.Value);
        var closing = LocalTime.FromTimeOnly(closes!.Value);
        var localDate = LocalDate.FromDateOnly(date);
        var localOpen = localDate + opening;
        var localClose = localDate + closing;
        if (clock.Skips(localOpen))
        {
            errors.Add("opensAt", "The clock skips this time on that day (daylight saving time). Choose another opening time.");
        }
        if (clock.Skips(localClose))
        {
            errors.Add("closesAt", "The clock skips this time on that day (daylight saving time). Choose another closing time.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var day = new ClinicDay
        {
            Id = Guid.CreateVersion7(),
            ClinicId = clinic.Id,
            Date = date,
            OpensAt = opens.Value,
            ClosesAt = closes.Value,
            SlotMinutes = slotMinutes!.Value,
            ProductCvx = product!.CvxCode,
            CreatedAt = now.UtcDateTime,
        };
        for (var start = localOpen; start < localClose; start = start.PlusMinutes(day.SlotMinutes))
        {
            if (clock.Skips(start))
            {
                continue; // clocks spring forward: this wall-clock time does not happen that day
            }
            // A slot ending in the gap ends as much later as the clock jumps (02:00 is 03:00
            // daylight time); a time in the repeated fall-back hour is its first occurrence.
            day._slots.Add(new Slot(day.Id, clock.ToUtc(start), clock.ToUtc(start.PlusMinutes(day.SlotMinutes)), capacityPerSlot!.Value));
        }
        return day;
    }

    /// <summary>A slot after the day's last one, for leftover doses from opened vials.</summary>
    public Slot ClosingSlot(DateTime startsAt, int capacity) => new(Id, startsAt, startsAt.AddMinutes(SlotMinutes), capacity);

    private static TimeOnly? ParseTime(string? value, string field, string what, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"Enter the {what} time, like 09:00.");
            return null;
        }
        if (!TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add(field, $"Enter the {what} time in 24-hour form, like 09:00 or 17:30.");
            return null;
        }
        return time;
    }
}
