using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace FairShot.Features.Shared;

/// <summary>
/// USWDS error states for forms, on the console and the public pages alike, driven by ModelState
/// so that a message a handler returns for "capacityPerSlot" lands next to the CapacityPerSlot field:
/// <c>&lt;div class="usa-form-group" fs-group-for="X"&gt;</c> gets <c>usa-form-group--error</c>,
/// <c>&lt;fs-error for="X" /&gt;</c> becomes the <c>usa-error-message</c>, and an input, select or
/// textarea with <c>asp-for="X"</c> gets <c>usa-input--error</c> and points at its message.
/// </summary>
internal static class FieldErrors
{
    public static IReadOnlyList<string> For(ViewContext context, string field) =>
        context.ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0
            ? entry.Errors.Select(e => e.ErrorMessage).ToList()
            : [];

    public static string MessageId(string field) => field + "-error";
}

[HtmlTargetElement("div", Attributes = "fs-group-for")]
[HtmlTargetElement("fieldset", Attributes = "fs-group-for")]
public sealed class FormGroupTagHelper : TagHelper
{
    [HtmlAttributeName("fs-group-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (FieldErrors.For(ViewContext, For.Name).Count > 0)
        {
            output.AddClass("usa-form-group--error", HtmlEncoder.Default);
        }
    }
}

[HtmlTargetElement("fs-error", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var messages = FieldErrors.For(ViewContext, For.Name);
        if (messages.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "usa-error-message");
        output.Attributes.SetAttribute("id", FieldErrors.MessageId(For.Name));
        output.Content.SetContent(string.Join(" ", messages));
    }
}

[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class FieldInputErrorTagHelper : TagHelper
{
    // After the framework's own input/select tag helpers (order -1000), which set id and value.
    public override int Order => 10;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (FieldErrors.For(ViewContext, For.Name).Count == 0)
        {
            return;
        }
        output.AddClass("usa-input--error", HtmlEncoder.Default);
        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value + " " : "";
        output.Attributes.SetAttribute("aria-describedby", describedBy + FieldErrors.MessageId(For.Name));
    }
}

public static class FormMessages
{
    /// <summary>
    /// Replaces a field's messages with one worded for how this form asks (a list to choose from,
    /// a box for a number), where the handler's wording suits API callers.
    /// </summary>
    public static void Reword(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string field, string message)
    {
        if (modelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0)
        {
            modelState.Remove(field);
            modelState.AddModelError(field, message);
        }
    }
}
