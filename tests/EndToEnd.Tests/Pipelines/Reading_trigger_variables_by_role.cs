using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4, acceptance 4: a trigger variable's value is a secret of the project's Maintainers. A job's trigger variables
/// (<c>GET /jobs/:job_id/variables</c>) show keys to Reporters and Developers and values to Maintainers, Owners and admins;
/// Guests are refused and non-members do not learn the project exists. A pipeline's variables
/// (<c>GET /pipelines/:id/variables</c>) are for Maintainers and above.
/// </summary>
public sealed class Reading_trigger_variables_by_role(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const int Admin = -1;
    private const int Owner = 50;
    private const string Forbidden = """{"message":"403 Forbidden"}""";
    private const string ProjectNotFound = """{"message":"404 Project Not Found"}""";

    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData(0, 404)]
    [InlineData(10, 403)]
    [InlineData(20, 200)]
    [InlineData(30, 200)]
    [InlineData(40, 200)]
    [InlineData(Owner, 200)]
    [InlineData(Admin, 200)]
    public async Task Job_variables_show_keys_to_reporters_and_values_to_maintainers(int accessLevel, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        var pipeline = await ci.TriggerCreatedAsync("main", ct, ("SECRET", "s3cret"));
        var job = Assert.Single(await ci.JobsAsync(pipeline, ct));
        var reader = await ReaderAsync(ci, accessLevel, ct);

        using var response = await reader.GetAsync($"{ci.Path}/jobs/{CiProject.IdOf(job)}/variables", ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        if (status != 200)
        {
            Assert.Equal(status == 404 ? ProjectNotFound : Forbidden, text);
            return;
        }
        var values = JsonNode.Parse(text)!.AsArray().OfType<JsonObject>() // an array: the status was 200
            .ToDictionary(variable => CiProject.Text(variable, "key"), variable => variable["value"]?.GetValue<string>());
        var seesValues = accessLevel is 40 or Owner or Admin;
        Assert.Equal(["SECRET", "TRIGGER_PAYLOAD"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(seesValues ? "s3cret" : null, values["SECRET"]);
        Assert.Equal(seesValues ? Payload(ci) : null, values["TRIGGER_PAYLOAD"]);
    }

    [Theory]
    [InlineData(0, 404)]
    [InlineData(10, 403)]
    [InlineData(20, 403)]
    [InlineData(30, 403)]
    [InlineData(40, 200)]
    [InlineData(Owner, 200)]
    [InlineData(Admin, 200)]
    public async Task Pipeline_variables_are_for_maintainers_and_above(int accessLevel, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        var pipeline = await ci.TriggerCreatedAsync("main", ct, ("SECRET", "s3cret"));
        var reader = await ReaderAsync(ci, accessLevel, ct);

        using var response = await reader.GetAsync($"{ci.Path}/pipelines/{CiProject.IdOf(pipeline)}/variables", ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        if (status != 200)
        {
            Assert.Equal(status == 404 ? ProjectNotFound : Forbidden, text);
            return;
        }
        var variables = JsonNode.Parse(text)!.AsArray().OfType<JsonObject>() // an array: the status was 200
            .Select(v => (CiProject.Text(v, "key"), CiProject.Text(v, "variable_type"), CiProject.Text(v, "value")))
            .OrderBy(v => v.Item1, StringComparer.Ordinal);
        Assert.Equal([("SECRET", "env_var", "s3cret"), ("TRIGGER_PAYLOAD", "file", Payload(ci))], variables);
    }

    [Fact]
    public async Task Jobs_of_another_project_are_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        using var other = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        var job = Assert.Single(await ci.JobsAsync(await ci.TriggerCreatedAsync("main", ct, ("SECRET", "s3cret")), ct));

        using var response = await _root.GetAsync($"{other.Path}/jobs/{CiProject.IdOf(job)}/variables", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>GitLab's <c>params.except(:token).to_json</c> for the form this class sends.</summary>
    private static string Payload(CiProject ci) => $$$"""{"ref":"main","id":"{{{ci.Id}}}","variables":{"SECRET":"s3cret"}}""";

    private static async Task<GitLabApiClient> ReaderAsync(CiProject ci, int accessLevel, CancellationToken ct) => accessLevel switch
    {
        Admin => ci.Root,
        Owner => ci.Owner,
        _ => (await ci.NewUserAsync(accessLevel, ct)).Client,
    };
}
