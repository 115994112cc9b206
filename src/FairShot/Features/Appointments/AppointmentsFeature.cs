namespace FairShot.Features.Appointments;

/// <summary>A booked resident views, moves or cancels their appointment with its confirmation code and a one-time code.</summary>
public static class AppointmentsFeature
{
    public static WebApplicationBuilder AddAppointments(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ManageAppointment>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAppointments(this IEndpointRouteBuilder routes) => routes.MapManageAppointmentApi();
}
