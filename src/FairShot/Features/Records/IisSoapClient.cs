using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace FairShot.Features.Records;

/// <summary>What one submitSingleMessage call gave: the ACK text, or why there was none.</summary>
public sealed record SubmitResult(string? AckText, string? Failure)
{
    public bool Answered => AckText is not null;
}

/// <summary>
/// The CDC's IIS web-service transport (the WSDL most registries use, namespace urn:cdc:iisb:2011):
/// <c>submitSingleMessage(username, password, facilityID, hl7Message)</c> over SOAP 1.2, answering
/// the HL7 ACK in <c>return</c>, or a SOAP fault (security, message too large, unknown). A fault, a
/// timeout or an HTTP error is a failure to retry later, never an acceptance.
/// </summary>
public sealed class IisSoapClient(HttpClient http)
{
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Iis = "urn:cdc:iisb:2011";

    /// <summary>
    /// XML without formatting, with carriage returns written as character references: an XML reader
    /// turns a raw CR into LF, and CR is what ends an HL7 segment.
    /// </summary>
    public static string Serialize(XElement element)
    {
        var text = new StringBuilder();
        using (var writer = System.Xml.XmlWriter.Create(text, new System.Xml.XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            NewLineHandling = System.Xml.NewLineHandling.Entitize,
        }))
        {
            element.WriteTo(writer);
        }
        return text.ToString();
    }

    public async Task<SubmitResult> SubmitAsync(RegistryOptions options, string hl7, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return new SubmitResult(null, "No registry endpoint is configured.");
        }
        var envelope = new XDocument(
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", Soap),
                new XAttribute(XNamespace.Xmlns + "urn", Iis),
                new XElement(Soap + "Header"),
                new XElement(Soap + "Body",
                    new XElement(Iis + "submitSingleMessage",
                        new XElement(Iis + "username", options.UserId ?? ""),
                        new XElement(Iis + "password", options.Password ?? ""),
                        new XElement(Iis + "facilityID", options.FacilityId),
                        new XElement(Iis + "hl7Message", hl7)))));
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = new StringContent(Serialize(envelope.Root!), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/soap+xml; charset=utf-8; action=\"urn:cdc:iisb:2011:submitSingleMessage\"");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            XDocument reply;
            try
            {
                reply = XDocument.Parse(body);
            }
            catch (System.Xml.XmlException)
            {
                return new SubmitResult(null, $"The registry answered HTTP {(int)response.StatusCode} without a SOAP envelope.");
            }
            var fault = reply.Descendants(Soap + "Fault").FirstOrDefault();
            if (fault is not null)
            {
                var reason = fault.Descendants(Soap + "Text").FirstOrDefault()?.Value ?? "no reason given";
                var kind = fault.Element(Soap + "Detail")?.Elements().FirstOrDefault()?.Name.LocalName ?? "Fault";
                return new SubmitResult(null, $"The registry refused the call ({kind}): {reason}");
            }
            var ack = reply.Descendants(Iis + "return").FirstOrDefault()?.Value;
            return ack is { Length: > 0 }
                ? new SubmitResult(ack, null)
                : new SubmitResult(null, $"The registry answered HTTP {(int)response.StatusCode} with no acknowledgement.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SubmitResult(null, $"The registry did not answer within {options.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            return new SubmitResult(null, $"The registry could not be reached: {e.Message}");
        }
    }
}
