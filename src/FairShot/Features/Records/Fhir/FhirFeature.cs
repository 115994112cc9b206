namespace FairShot.Features.Records.Fhir;

/// <summary>FHIR R4: the Patient and Immunization reads and the bulk export with its worker.</summary>
public static class FhirFeature
{
    public static WebApplicationBuilder AddFhir(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<FhirExportOptions>(builder.Configuration.GetSection("Fhir:Export"));
        builder.Services.AddSingleton<FhirExporter>();
        if (builder.Configuration.GetValue("Fhir:Export:Worker:Enabled", true))
        {
            builder.Services.AddHostedService<FhirExportService>();
        }
        return builder;
    }
}
