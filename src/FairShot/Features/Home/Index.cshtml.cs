using FairShot.Features.Shared;
namespace FairShot.Features.Home;

/// <summary>The public front door: start signing up, or look up your place in line.</summary>
public sealed class IndexModel : PortalPageModel
{
    public void OnGet()
    {
    }
}
