using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FairShot.Tests.Infrastructure;

/// <summary>
/// A state registry's web service on loopback, speaking the CDC WSDL's submitSingleMessage over
/// SOAP 1.2 as a real IIS does: it checks the credentials (a SecurityFault otherwise), reads the VXU
/// with its own simple rules and answers an HL7 ACK: AR with an ERR when a given dose has no lot
/// (RXA-15) or the patient no family name, AE with a warning when the patient has no address, AA
/// otherwise. It keeps every message it received, and can be told to hang or to fault.
/// </summary>
public sealed class FakeIis : IAsyncDisposable
{
    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Iis = "urn:cdc:iisb:2011";

    private readonly WebApplication _app;
    private readonly List<string> _received = [];
    private readonly Lock _gate = new();

    private FakeIis(WebApplication app) => _app = app;

    public string UserId { get; } = "county-user";
    public string Password { get; } = "county-secret-" + Guid.NewGuid().ToString("N")[..8];
    public string FacilityId { get; } = "PIMA-HD";

    public string Endpoint { get; private set; } = "";

    /// <summary>Answer nothing for this long (a stuck registry).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer every call with a SOAP fault (UnknownFault).</summary>
    public bool Faulting { get; set; }

    /// <summary>Lots the registry's inventory does not know: a dose of one is rejected (AR).</summary>
    public ISet<string> UnknownLots { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Lots the registry knows as recalled: a dose of one is taken with a warning (AE).</summary>
    public ISet<string> RecalledLots { get; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<FakeIis> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var iis = new FakeIis(app);
        app.MapPost("/iisservice", iis.HandleAsync);
        await app.StartAsync();
        iis.Endpoint = app.Urls.Single() + "/iisservice";
        return iis;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var request = XDocument.Parse(await reader.ReadToEndAsync());
        var call = request.Descendants(Iis + "submitSingleMessage").Single();
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        if (Faulting)
        {
            await WriteAsync(context, Fault("UnknownFault", "The registry is down for maintenance."), 500);
            return;
        }
        if ((string?)call.Element(Iis + "username") != UserId || (string?)call.Element(Iis + "password") != Password
            || (string?)call.Element(Iis + "facilityID") != FacilityId)
        {
            await WriteAsync(context, Fault("SecurityFault", "Bad credentials."), 500);
            return;
        }
        var hl7 = (string)call.Element(Iis + "hl7Message")!;
        lock (_gate)
        {
            _received.Add(hl7);
        }
        var response = new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XElement(Soap + "Body", new XElement(Iis + "submitSingleMessageResponse", new XElement(Iis + "return", Acknowledge(hl7, UnknownLots, RecalledLots)))));
        await WriteAsync(context, response, 200);
    }

    /// <summary>The registry's own reading of the message: a few rules, not our code.</summary>
    public static string Acknowledge(string hl7, ICollection<string>? unknownLots = null, ICollection<string>? recalledLots = null)
    {
        var segments = hl7.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('|')).ToList();
        var msh = segments.First(s => s[0] == "MSH");
        var controlId = msh.Length > 9 ? msh[9] : "";
        var errors = new List<string>();
        var warnings = new List<string>();
        var pid = segments.FirstOrDefault(s => s[0] == "PID");
        if (pid is null || pid.Length <= 5 || pid[5].Split('^')[0].Length == 0)
        {
            errors.Add("ERR||PID^1^5^1|101^Required field missing^HL70357|E||||Patient family name is required");
        }
        else if (pid.Length <= 11 || pid[11].Length == 0)
        {
            warnings.Add("ERR||PID^1^11|102^Data type error^HL70357|W||||Patient address is missing");
        }
        foreach (var rxa in segments.Where(s => s[0] == "RXA"))
        {
            var status = rxa.Length > 20 ? rxa[20] : "";
            if (status == "CP" && (rxa.Length <= 15 || rxa[15].Length == 0))
            {
                errors.Add("ERR||RXA^1^15^1|101^Required field missing^HL70357|E||||Lot number is required for an administered dose");
            }
            else if (status == "CP" && unknownLots?.Contains(rxa[15]) == true)
            {
                errors.Add("ERR||RXA^1^15^1|103^Table value not found^HL70357|E||||Lot number is not in the registry's inventory");
            }
            else if (status == "CP" && recalledLots?.Contains(rxa[15]) == true)
            {
                warnings.Add("ERR||RXA^1^15^1|103^Table value not found^HL70357|W||||Lot number was recalled by the manufacturer");
            }
        }
        var code = errors.Count > 0 ? "AR" : warnings.Count > 0 ? "AE" : "AA";
        var ack = new StringBuilder();
        ack.Append($"MSH|^~\\&|IIS|IIS|{msh[2]}|{msh[3]}|{DateTime.UtcNow:yyyyMMddHHmmss}+0000||ACK^V04^ACK|ACK-{controlId}|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS\r");
        ack.Append($"MSA|{code}|{controlId}\r");
        foreach (var err in errors.Concat(warnings))
        {
            ack.Append(err).Append('\r');
        }
        return ack.ToString();
    }

    private static XElement Fault(string kind, string reason) =>
        new(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XElement(Soap + "Body",
                new XElement(Soap + "Fault",
                    new XElement(Soap + "Code", new XElement(Soap + "Value", "soap:Receiver")),
                    new XElement(Soap + "Reason", new XElement(Soap + "Text", reason)),
                    new XElement(Soap + "Detail", new XElement(Iis + kind, new XElement(Iis + "Code", "1"), new XElement(Iis + "Reason", reason))))));

    private static async Task WriteAsync(HttpContext context, XElement body, int status)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(FairShot.Features.Records.IisSoapClient.Serialize(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
