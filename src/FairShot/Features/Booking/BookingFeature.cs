namespace FairShot.Features.Booking;

/// <summary>Taking a seat: a verified invitee's booking, a call-centre booking for a named person, the confirmation.</summary>
public static class BookingFeature
{
    public static WebApplicationBuilder AddBooking(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BookAppointment>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBooking(this IEndpointRouteBuilder routes) => routes.MapBookingApi();
}
