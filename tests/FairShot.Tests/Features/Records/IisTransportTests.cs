using FairShot.Features.Records;
using FairShot.Features.Records.Hl7;
using FairShot.Tests.Infrastructure;

namespace FairShot.Tests.Features.Records;

/// <summary>The CDC SOAP transport against a registry on loopback: answers, rejections, faults, silence.</summary>
public sealed class IisTransportTests
{
    private static string Vxu(string? lot = "EL9261") => FairShot.Features.Records.Hl7.Vxu.Write(FairShot.Features.Records.Hl7.Vxu.Build(
        "FS-T-1", new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.FromHours(-7)),
        new VxuParties("FAIRSHOT", "PIMA-HD", "IIS", "IIS"),
        new VxuPatient("FS7K2M9Q4XTA", "PIMA-HD", "Reyes", "Marta", new DateOnly(1946, 5, 17), "85701", null, null),
        new VxuDose("0193a1b2c3d4e5f60718293a4b5c6d7e", VxuAction.Add, FairShot.Domain.AdministrationOutcome.Given, new DateOnly(2021, 3, 1), "208", "Pfizer",
            0.3m, lot, new DateOnly(2021, 6, 30), "PFR", "Pfizer, Inc", "IM", "LD", "Okafor", "Grace", "PIMA-CLINIC-1")));

    private static RegistryOptions Options(FakeIis iis) => new()
    {
        Endpoint = iis.Endpoint,
        UserId = iis.UserId,
        Password = iis.Password,
        FacilityId = iis.FacilityId,
        Timeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Submit_AGoodMessage_IsAcceptedAndTheRegistryHoldsIt()
    {
        await using var iis = await FakeIis.StartAsync();
        using var http = new HttpClient();
        var result = await new IisSoapClient(http).SubmitAsync(Options(iis), Vxu(), TestContext.Current.CancellationToken);

        var ack = Ack.Parse(result.AckText!)!;
        Assert.Equal("AA", ack.Code);
        Assert.Equal("FS-T-1", ack.ControlId);
        Assert.Equal(Vxu(), Assert.Single(iis.Received));
    }

    [Fact]
    public async Task Submit_WithoutALot_IsRejectedWithTheRegistrysError()
    {
        await using var iis = await FakeIis.StartAsync();
        using var http = new HttpClient();
        var result = await new IisSoapClient(http).SubmitAsync(Options(iis), Vxu(lot: null), TestContext.Current.CancellationToken);

        var ack = Ack.Parse(result.AckText!)!;
        Assert.True(ack.Rejected);
        Assert.Contains(ack.Errors, e => e.Location == "RXA-1-15-1" && e.Text.Contains("Lot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_WithWrongCredentials_IsAFailureNotAnAnswer()
    {
        await using var iis = await FakeIis.StartAsync();
        using var http = new HttpClient();
        var options = Options(iis);
        options.Password = "wrong";
        var result = await new IisSoapClient(http).SubmitAsync(options, Vxu(), TestContext.Current.CancellationToken);

        Assert.False(result.Answered);
        Assert.Contains("SecurityFault", result.Failure);
        Assert.Empty(iis.Received);
    }

    [Fact]
    public async Task Submit_ToARegistryThatHangs_GivesUpAtTheTimeout()
    {
        await using var iis = await FakeIis.StartAsync();
        iis.Delay = TimeSpan.FromSeconds(30);
        using var http = new HttpClient();
        var options = Options(iis);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        var result = await new IisSoapClient(http).SubmitAsync(options, Vxu(), TestContext.Current.CancellationToken);

        Assert.False(result.Answered);
        Assert.Contains("did not answer", result.Failure);
    }

    [Fact]
    public async Task Submit_WithNoEndpoint_SendsNothing()
    {
        using var http = new HttpClient();
        var result = await new IisSoapClient(http).SubmitAsync(new RegistryOptions(), Vxu(), TestContext.Current.CancellationToken);
        Assert.False(result.Answered);
        Assert.Contains("No registry endpoint", result.Failure);
    }
}
