using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4: the project setting <c>ci_pipeline_variables_minimum_override_role</c> against the role of the trigger token's
/// owner at trigger time (reference gitlab-ci.md §3.3). Only user-passed variables count: <c>TRIGGER_PAYLOAD</c>, added to
/// every trigger, never does. The check comes after the ref's (GitLab's newest chain order).
/// </summary>
public sealed class Restricting_who_passes_pipeline_variables(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const int Developer = 30;
    private const int Maintainer = 40;
    private const int Owner = 50;

    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData(null, Developer, true, "main", null)]
    [InlineData("developer", Developer, true, "main", null)]
    [InlineData("maintainer", Developer, true, "main", Refusal.VariablesForbidden)]
    [InlineData("maintainer", Developer, false, "main", null)]
    [InlineData("maintainer", Maintainer, true, "main", null)]
    [InlineData("owner", Maintainer, true, "main", Refusal.VariablesForbidden)]
    [InlineData("owner", Owner, true, "main", null)]
    [InlineData("no_one_allowed", Owner, true, "main", Refusal.VariablesForbidden)]
    [InlineData("no_one_allowed", Owner, false, "main", null)]
    // An unknown ref is refused first, whatever the variables (Validate::Repository before Build::Associations).
    [InlineData("maintainer", Developer, true, "nope", Refusal.ReferenceNotFound)]
    public async Task Variables_need_the_owners_role_to_reach_the_minimum(string? role, int ownerLevel, bool withVariables, string reference, string? refusal)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        if (role is not null)
        {
            await ci.SetPipelineVariablesRoleAsync(role, ct);
        }
        var token = await TokenOwnedByAsync(ci, ownerLevel, ct);

        using var response = await ci.TriggerWithAsync(token, reference, ct, withVariables ? [("A", "1")] : []);

        if (refusal is null)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }
        await Refusal.IsAsync(response, 400, refusal, ct);
        Assert.Empty(await CiProject.ArrayAsync(_root, $"{ci.Path}/pipelines", ct));
    }

    [Fact]
    public async Task Restoring_the_owners_role_lets_the_same_token_pass_variables_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        await ci.SetPipelineVariablesRoleAsync("maintainer", ct);
        var (userId, client) = await ci.NewUserAsync(Maintainer, ct);
        var token = CiProject.Text(await client.CreateTriggerAsync(ci.Id, "ci", ct), "token");

        await ci.SetAccessLevelAsync(userId, Developer, ct);
        using var demoted = await ci.TriggerWithAsync(token, "main", ct, ("A", "1"));
        await ci.SetAccessLevelAsync(userId, Maintainer, ct);
        using var restored = await ci.TriggerWithAsync(token, "main", ct, ("A", "1"));

        await Refusal.IsAsync(demoted, 400, Refusal.VariablesForbidden, ct);
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
    }

    /// <summary>A trigger token whose owner has <paramref name="level"/>: Maintainers create tokens, so a Developer's is demoted after.</summary>
    private static async Task<string> TokenOwnedByAsync(CiProject ci, int level, CancellationToken ct)
    {
        if (level == Owner)
        {
            return ci.Token;
        }
        var (userId, client) = await ci.NewUserAsync(Maintainer, ct);
        var token = CiProject.Text(await client.CreateTriggerAsync(ci.Id, "ci", ct), "token");
        if (level != Maintainer)
        {
            await ci.SetAccessLevelAsync(userId, level, ct);
        }
        return token;
    }
}
