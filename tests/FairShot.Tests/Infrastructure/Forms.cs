using System.Text.RegularExpressions;

namespace FairShot.Tests.Infrastructure;

/// <summary>Posting Razor Pages forms over HTTP the way a browser would: fetch the form, send its antiforgery token back.</summary>
public static partial class Forms
{
    [GeneratedRegex("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\" />")]
    public static partial Regex TokenField();

    public static async Task<string> TokenAsync(HttpClient client, string formPage)
    {
        var html = await client.GetStringAsync(formPage);
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"No form on {formPage}");
        return match.Groups[1].Value;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        values.Add(new("__RequestVerificationToken", await TokenAsync(client, formPage)));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }
}
