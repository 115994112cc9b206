namespace FairShot.Features.Home;

/// <summary>The home page. Every language implements it (Features/Shared/Languages).</summary>
public interface IHomeWords
{
    // home
    string HomeTitle { get; }
    string HomeHeading { get; }
    string HomeIntro { get; }
    string SignUpButton { get; }
    string CheckPlaceLink { get; }
    string HowItWorks { get; }
    string HomeStep1Heading { get; }
    string HomeStep1 { get; }
    string HomeStep2Heading { get; }
    string HomeStep2 { get; }
    string HomeStep3Heading { get; }
    string HomeStep3 { get; }
    string StaffSignIn { get; }
    string StaffSignInLink { get; }
}
