using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Features.OneTimeCodes;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features.OneTimeCodes;

/// <summary>
/// Codes are stored as an HMAC whose key is not in the code table: a copy of the table does not
/// give the million guesses that find every live code.
/// </summary>
public sealed partial class OneTimeCodeKeyTests
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private static async Task<(string Code, OneTimeCode Stored)> StatusCodeAsync(FairShotApp app)
    {
        var invitee = await new InvitationFlow(app).RegisterAsync();
        (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = (await app.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == invitee.Email && m.Template == "status-code").SingleAsync())).Body;
        var subject = OneTimeCode.HashSubject(invitee.Email);
        var stored = await app.WithDbAsync(db => db.OneTimeCodes.AsNoTracking().SingleAsync(c => c.Subject == subject));
        return (SixDigits().Match(body).Groups[1].Value, stored);
    }

    [Fact]
    public async Task IssueCode_StoresAKeyedHash_NotPlainSha256_ThatNoOtherKeyVerifies()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();

        var (code, stored) = await StatusCodeAsync(app);

        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)stored.Purpose}\n{stored.Subject}\n{code}")));
        Assert.NotEqual(plain, stored.CodeHash);
        var key = await app.Services.GetRequiredService<OneTimeCodeHasher>().KeyAsync(CancellationToken.None);
        Assert.True(OneTimeCodeHasher.Matches(key, stored.CodeHash, stored.Purpose, stored.Subject, code));
        Assert.False(OneTimeCodeHasher.Matches(RandomNumberGenerator.GetBytes(32), stored.CodeHash, stored.Purpose, stored.Subject, code));
        Assert.False(OneTimeCodeHasher.Matches(key, stored.CodeHash, CodePurpose.Invitation, stored.Subject, code)); // bound to its purpose
    }

    [Fact]
    public async Task Key_WhenNotConfigured_IsStoredOnceEncryptedWithDataProtection()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();

        var key = await app.Services.GetRequiredService<OneTimeCodeHasher>().KeyAsync(CancellationToken.None);

        var secret = await app.WithDbAsync(db => db.OneTimeCodeSecrets.AsNoTracking().SingleAsync());
        var protectedKey = Convert.FromBase64String(secret.ProtectedKey);
        Assert.False(protectedKey.AsSpan().IndexOf(key) >= 0, "the stored key must not hold the key in the clear");
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("FairShot.OneTimeCodes.HmacKey.v1");
        Assert.Equal(key, protector.Unprotect(protectedKey));
        Assert.True(key.Length >= OneTimeCodeHasher.MinimumKeyBytes);
    }

    [Fact]
    public async Task Key_InstancesStartingTogether_EndWithOneKeyThatAllUse()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        await app.WithDbAsync(db => db.OneTimeCodeSecrets.ExecuteDeleteAsync());

        // Each hasher is what one instance holds: its own cache, its own connections, the shared database.
        var instances = Enumerable.Range(0, 8).Select(_ => ActivatorUtilities.CreateInstance<OneTimeCodeHasher>(app.Services)).ToList();
        var keys = await Task.WhenAll(instances.Select(h => Task.Run(() => h.KeyAsync(CancellationToken.None))));

        Assert.Equal(1, await app.WithDbAsync(db => db.OneTimeCodeSecrets.CountAsync()));
        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Equal(keys[0], await ActivatorUtilities.CreateInstance<OneTimeCodeHasher>(app.Services).KeyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Key_WhenConfigured_HashesWithIt_AndStoresNoKey()
    {
        var configured = RandomNumberGenerator.GetBytes(32);
        await using var app = new FairShotApp().With(OneTimeCodeHasher.ConfigurationKey, Convert.ToBase64String(configured));
        await app.InitializeAsync();

        var (code, stored) = await StatusCodeAsync(app);

        Assert.Equal(OneTimeCodeHasher.Hash(configured, stored.Purpose, stored.Subject, code), stored.CodeHash);
        Assert.Equal(0, await app.WithDbAsync(db => db.OneTimeCodeSecrets.CountAsync()));
    }

    [Fact]
    public async Task Start_WithAConfiguredKeyTooShort_Fails()
    {
        await using var app = new FairShotApp().With(OneTimeCodeHasher.ConfigurationKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());

        Assert.Contains(OneTimeCodeHasher.ConfigurationKey, failure.ToString(), StringComparison.Ordinal);
    }
}
