using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>Whether a <c>rules:if</c> / <c>only:variables</c> expression parses (GitLab's <c>Statement#valid?</c>).</summary>
internal static class ExpressionSyntax
{
    public static bool IsValid(string text)
    {
        try
        {
            _ = Expression.Parse(text);
            return true;
        }
        catch (ExpressionSyntaxException)
        {
            return false;
        }
    }
}
