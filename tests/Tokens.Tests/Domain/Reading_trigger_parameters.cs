using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>
/// The trigger endpoint's parameters as GitLab's Grape API reads them (gitlab-triggers.md §1.1, §3): query string, form
/// and JSON body merged, later sources winning, route parameters winning over all.
/// </summary>
public sealed class Reading_trigger_parameters
{
    private const string VariablesNotStrings = "variables needs to be a map of key-valued strings";

    public static TheoryData<string, string?, string?> TokenAndRefFromAnySource => new()
    {
        { "token=t&ref=main", null, null },
        { "", "token=t&ref=main", null },
        { "", null, """{"token":"t","ref":"main"}""" },
        { "token=t", "ref=main", null },
        { "", "token=t", """{"ref":"main"}""" },
        { "ref=main", null, """{"token":"t"}""" },
    };

    [Theory]
    [MemberData(nameof(TokenAndRefFromAnySource))]
    public void Token_and_ref_are_read_from_query_form_or_json(string query, string? form, string? json)
    {
        var (read, error) = Read(query, form, json);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal("t", read.Token);
        Assert.Equal("main", read.Ref);
        Assert.Empty(read.Variables);
    }

    public static TheoryData<string, string?, string?, string> GrapeValidationErrors => new()
    {
        { "", "ref=main", null, "token is missing" },
        { "", "token=t", null, "ref is missing" },
        { "", "", null, "token is missing, ref is missing" },
        { "", null, "{}", "token is missing, ref is missing" },
        { "", "token=t&ref=", null, "ref is empty" },
        { "", "token=t&ref=+", null, "ref is empty" },
        { "", null, """{"token":"t","ref":""}""", "ref is empty" },
        { "", "token=t&ref=main&variables=value", null, "variables is invalid" },
        { "token=t&ref=main&variables=value", null, null, "variables is invalid" },
        { "", null, """{"token":"t","ref":"main","variables":"value"}""", "variables is invalid" },
        { "", null, """{"token":"t","ref":"main","variables":["A"]}""", "variables is invalid" },
        { "", "variables=value", null, "token is missing, ref is missing, variables is invalid" },
        // Grape checks parameters before the endpoint looks at the variables' values (§1.1, processing order 1 then 3).
        { "", "token=t&variables[A][b]=c", null, "ref is missing" },
    };

    [Theory]
    [MemberData(nameof(GrapeValidationErrors))]
    public void Invalid_parameters_give_grapes_error_text(string query, string? form, string? json, string text)
    {
        var (read, error) = Read(query, form, json);

        Assert.Null(read);
        Assert.Equal(new TriggerParametersError(true, text), error);
    }

    public static TheoryData<string, string?, string?> VariablesThatAreNotStrings => new()
    {
        { "", null, """{"token":"t","ref":"main","variables":{"A":1}}""" },
        { "", null, """{"token":"t","ref":"main","variables":{"A":true}}""" },
        { "", null, """{"token":"t","ref":"main","variables":{"A":null}}""" },
        { "", null, """{"token":"t","ref":"main","variables":{"A":["x"]}}""" },
        { "", null, """{"token":"t","ref":"main","variables":{"A":{"b":"c"}}}""" },
        { "", "token=t&ref=main&variables[A][b]=c", null },
        { "token=t&ref=main&variables[A][b]=c", null, null },
    };

    [Theory]
    [MemberData(nameof(VariablesThatAreNotStrings))]
    public void Variables_that_are_not_strings_are_refused_with_a_message(string query, string? form, string? json)
    {
        var (read, error) = Read(query, form, json);

        Assert.Null(read);
        Assert.Equal(new TriggerParametersError(false, VariablesNotStrings), error);
    }

    public static TheoryData<string, string?, string?, int> VariablesAtTheLimit => new()
    {
        { "", "token=t&ref=main&variables[A]=1&variables[B]=2", null, 2 },
        { "", null, """{"token":"t","ref":"main","variables":{"A":"1","B":"2"}}""", 2 },
        // One key given in three places is one variable.
        { "token=t&ref=main&variables[A]=1", "variables[A]=2", """{"variables":{"A":"3"}}""", 1 },
        { "", "token=t&ref=main", null, 0 },
    };

    [Theory]
    [MemberData(nameof(VariablesAtTheLimit))]
    public void As_many_variables_as_allowed_are_read(string query, string? form, string? json, int maxVariables)
    {
        var (read, error) = Read(query, form, json, maxVariables: maxVariables);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal(maxVariables, read.Variables.Count);
    }

    public static TheoryData<string, string?, string?, int> VariablesPastTheLimit => new()
    {
        { "", "token=t&ref=main&variables[A]=1&variables[B]=2&variables[C]=3", null, 2 },
        { "", null, """{"token":"t","ref":"main","variables":{"A":"1","B":"2","C":"3"}}""", 2 },
        { "token=t&ref=main&variables[A]=1", "variables[B]=2", """{"variables":{"C":"3"}}""", 2 },
        { "", "token=t&ref=main&variables[A]=1", null, 0 },
    };

    [Theory]
    [MemberData(nameof(VariablesPastTheLimit))]
    public void Too_many_variables_are_refused(string query, string? form, string? json, int maxVariables)
    {
        var (read, error) = Read(query, form, json, maxVariables: maxVariables);

        Assert.Null(read);
        Assert.Equal(new TriggerParametersError(false, $"There cannot be more than {maxVariables} variables"), error);
    }

    public static TheoryData<string, string> InvalidVariableKeys => new()
    {
        { "A-B", "A-B" },
        { "A B", "A B" },
        { "A.B", "A.B" },
        { "Ä", "Ä" },
        { "", "" },
        { new string('K', 256), new string('K', 40) + "…" },
    };

    [Theory]
    [MemberData(nameof(InvalidVariableKeys))]
    public void Invalid_variable_keys_are_refused(string key, string shown)
    {
        var (read, error) = ReadWithVariable(key);

        Assert.Null(read);
        Assert.Equal(
            new TriggerParametersError(false, $"Variable key '{shown}' is invalid: use at most 255 letters, digits and '_'"),
            error);
    }

    [Theory]
    [InlineData("variables[A-B]=1")]
    [InlineData("variables[]=1")]
    public void Invalid_variable_keys_in_a_form_are_refused(string variable)
    {
        var (read, error) = Read("", $"token=t&ref=main&{variable}", null);

        Assert.Null(read);
        Assert.NotNull(error);
        Assert.False(error.IsValidation);
        Assert.StartsWith("Variable key '", error.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string> ValidVariableKeys => new()
    {
        "A_1",
        "a",
        "_",
        "123",
        "TRIGGER_VAR",
        new string('K', 255),
    };

    [Theory]
    [MemberData(nameof(ValidVariableKeys))]
    public void Valid_variable_keys_are_read(string key)
    {
        var (read, error) = ReadWithVariable(key);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal("x", Assert.Contains(key, read.Variables));
    }

    [Fact]
    public void Variable_keys_are_stripped_of_surrounding_whitespace()
    {
        // GitLab's Ci::HasVariable#key= stores new_key.to_s.strip before validating the format (§3, "stripped"),
        // so variables[ A ]=1 is the variable A.
        var (read, error) = Read("", "token=t&ref=main&variables[%20A%20]=1", null);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal("1", Assert.Contains("A", read.Variables));
    }

    [Fact]
    public void Form_variables_are_read_by_key()
    {
        var (read, _) = Read("variables[FROM_QUERY]=q", "token=t&ref=main&variables[A]=1&variables[B]=two%20words", null);

        Assert.NotNull(read);
        Assert.Equal(
            new Dictionary<string, string> { ["FROM_QUERY"] = "q", ["A"] = "1", ["B"] = "two words" },
            read.Variables);
    }

    [Fact]
    public void Json_variables_are_read_from_an_object()
    {
        var (read, _) = Read("", null, """{"token":"t","ref":"main","variables":{"A":"1","B":""}}""");

        Assert.NotNull(read);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "" }, read.Variables);
    }

    [Fact]
    public void Json_null_variables_are_no_variables()
    {
        var (read, error) = Read("", null, """{"token":"t","ref":"main","variables":null}""");

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Empty(read.Variables);
    }

    [Fact]
    public void An_empty_token_passes_validation()
    {
        // Grape only requires the key; an empty token then matches no trigger (404), it is not a 400.
        var (read, error) = Read("", "token=&ref=main", null);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal("", read.Token);
    }

    public static TheoryData<string, string?, string?> RefOutsideTheRoute => new()
    {
        { "token=t&ref=from-query", null, null },
        { "", "token=t&ref=from-form", null },
        { "", null, """{"token":"t","ref":"refs/heads/from-webhook-body"}""" },
        { "ref=from-query", "ref=from-form", """{"token":"t","ref":"from-json"}""" },
    };

    [Theory]
    [MemberData(nameof(RefOutsideTheRoute))]
    public void Ref_in_the_route_wins_over_ref_in_body_or_query(string query, string? form, string? json)
    {
        var (read, error) = Read(query, form, json, route: "id=7&ref=from-route");

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal("from-route", read.Ref);
        Assert.Equal("from-route", Payload(read)["ref"]?.GetValue<string>());
    }

    [Fact]
    public void Id_in_the_route_wins_over_id_in_the_body()
    {
        var (read, _) = Read("id=1", "token=t&ref=main&id=2", """{"id":3}""");

        Assert.NotNull(read);
        Assert.Equal("7", Payload(read)["id"]?.GetValue<string>());
    }

    public static TheoryData<string, string?, string?, string> LaterSources => new()
    {
        { "token=t&ref=query&variables[A]=query", "ref=form&variables[A]=form", null, "form" },
        { "token=t", "ref=form&variables[A]=form", """{"ref":"json","variables":{"A":"json"}}""", "json" },
        { "token=t&ref=query&variables[A]=query", null, """{"ref":"json","variables":{"A":"json"}}""", "json" },
        { "token=t&ref=query&variables[A]=query", "ref=form&variables[A]=form", """{"ref":"json","variables":{"A":"json"}}""", "json" },
    };

    [Theory]
    [MemberData(nameof(LaterSources))]
    public void Json_wins_over_form_and_form_over_query(string query, string? form, string? json, string winner)
    {
        var (read, error) = Read(query, form, json);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal(winner, read.Ref);
        Assert.Equal(winner, Assert.Contains("A", read.Variables));
    }

    public static TheoryData<string, string, string> JsonScalarsGrapeCoerces => new()
    {
        { """{"token":123,"ref":"main"}""", "123", "main" },
        { """{"token":"t","ref":1}""", "t", "1" },
    };

    [Theory]
    [MemberData(nameof(JsonScalarsGrapeCoerces))]
    public void Json_numbers_are_coerced_to_strings(string json, string token, string reference)
    {
        // Grape's PrimitiveCoercer maps type: String to DryTypes::Coercible::String, i.e. Kernel#String(value).
        var (read, error) = Read("", null, json);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.Equal(token, read.Token);
        Assert.Equal(reference, read.Ref);
    }

    public static TheoryData<string, string> JsonValuesGrapeRejects => new()
    {
        { """{"token":"t","ref":["main"]}""", "ref is invalid" },
        { """{"token":"t","ref":{"name":"main"}}""", "ref is invalid" },
        { """{"token":["t"],"ref":"main"}""", "token is invalid" },
    };

    [Theory]
    [MemberData(nameof(JsonValuesGrapeRejects))]
    public void Json_arrays_and_objects_for_token_or_ref_are_invalid(string json, string text)
    {
        // Grape's PrimitiveCoercer#reject?: an Array or a Hash given for a String parameter is an InvalidValue.
        var (read, error) = Read("", null, json);

        Assert.Null(read);
        Assert.Equal(new TriggerParametersError(true, text), error);
    }

    [Fact]
    public void Payload_of_a_form_post_is_gitlabs()
    {
        // GitLab's request spec: a form post of token and ref=master gives exactly this TRIGGER_PAYLOAD (§3).
        var (read, _) = Read("", "token=t&ref=master", null);

        Assert.NotNull(read);
        Assert.Equal("""{"ref":"master","id":"7","variables":{}}""", read.Payload);
    }

    public static TheoryData<string, string?, string?> TokenInEverySource => new()
    {
        { "token=wvsptt-secret&ref=main", null, null },
        { "", "token=wvsptt-secret&ref=main&variables[A]=1", null },
        { "", null, """{"token":"wvsptt-secret","ref":"main","variables":{"A":"1"}}""" },
        { "token=wvsptt-secret", "token=wvsptt-secret&ref=main", """{"token":"wvsptt-secret"}""" },
    };

    [Theory]
    [MemberData(nameof(TokenInEverySource))]
    public void Payload_never_holds_the_token(string query, string? form, string? json)
    {
        var (read, _) = Read(query, form, json);

        Assert.NotNull(read);
        Assert.Equal("wvsptt-secret", read.Token);
        Assert.False(Payload(read).ContainsKey("token"));
        Assert.DoesNotContain("wvsptt-secret", read.Payload, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string?> TwoVariables => new()
    {
        { "", "token=t&ref=main&variables[A]=1&variables[B]=2", null },
        { "token=t&ref=main&variables[A]=1&variables[B]=2", null, null },
        { "", null, """{"token":"t","ref":"main","variables":{"A":"1","B":"2"}}""" },
        { "token=t&variables[A]=1", "ref=main", """{"variables":{"B":"2"}}""" },
    };

    [Theory]
    [MemberData(nameof(TwoVariables))]
    public void Payload_holds_the_variables_as_an_object(string query, string? form, string? json)
    {
        var (read, _) = Read(query, form, json);

        Assert.NotNull(read);
        var variables = Assert.IsType<JsonObject>(Payload(read)["variables"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"A":"1","B":"2"}"""), variables), variables.ToJsonString());
        Assert.DoesNotContain("variables[", read.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Payload_keeps_the_rest_of_a_webhook_body()
    {
        // A push webhook pointed at the ref URL: the body's ref is overwritten, everything else is kept (§3).
        var (read, _) = Read(
            "token=t",
            null,
            """{"object_kind":"push","ref":"refs/heads/feature","commits":[{"id":"abc","added":[]}],"total_commits_count":1}""",
            route: "id=7&ref=main");

        Assert.NotNull(read);
        var expected = JsonNode.Parse(
            """{"object_kind":"push","ref":"main","commits":[{"id":"abc","added":[]}],"total_commits_count":1,"id":"7","variables":{}}""");
        Assert.True(JsonNode.DeepEquals(expected, Payload(read)), read.Payload);
    }

    private static (TriggerParameters? Parameters, TriggerParametersError? Error) Read(
        string query, string? form, string? json, string route = "id=7", int maxVariables = 200) =>
        TriggerParametersReader.Read(
            QueryHelpers.ParseQuery(query),
            form is null ? null : QueryHelpers.ParseQuery(form),
            json is null ? null : JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("not a JSON object", nameof(json)),
            QueryHelpers.ParseQuery(route).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal),
            maxVariables);

    private static (TriggerParameters? Parameters, TriggerParametersError? Error) ReadWithVariable(string key) =>
        TriggerParametersReader.Read(
            [],
            null,
            new JsonObject { ["token"] = "t", ["ref"] = "main", ["variables"] = new JsonObject { [key] = "x" } },
            new Dictionary<string, string> { ["id"] = "7" },
            200);

    private static JsonObject Payload(TriggerParameters read) =>
        JsonNode.Parse(read.Payload) as JsonObject ?? throw new InvalidOperationException($"payload is not a JSON object: {read.Payload}");
}
