using FairShot.Domain;

namespace FairShot.Features.Booking;

/// <summary>A slot with its clinic day and clinic, as the booking queries join them.</summary>
public sealed class BookableSlot
{
    public Slot Slot { get; init; } = null!;
    public ClinicDay Day { get; init; } = null!;
    public Clinic Clinic { get; init; } = null!;
}

/// <summary>The one open-slots query: future times with a free seat, soonest first, as residents and staff are shown them.</summary>
public static class OpenSlots
{
    public static IQueryable<OpenSlot> Of(IQueryable<BookableSlot> slots, DateTime now) =>
        slots.Where(x => x.Slot.Booked < x.Slot.Capacity && x.Slot.StartsAt > now)
            .OrderBy(x => x.Slot.StartsAt)
            .Select(x => new OpenSlot(x.Slot.Id, x.Slot.ClinicDayId, x.Slot.StartsAt, x.Slot.EndsAt, x.Slot.Capacity - x.Slot.Booked, x.Clinic.Name));
}
