namespace WvsMesh.Pipelines.Execution;

/// <summary>What <c>POST /jobs/request</c> hands a runner: GitLab's runner job response, the fields a shell runner uses.</summary>
internal sealed record JobPayload(
    long Id,
    string Token,
    bool AllowGitFetch,
    JobInfo JobInfo,
    GitInfo GitInfo,
    RunnerInfo RunnerInfo,
    IReadOnlyList<JobVariable> Variables,
    IReadOnlyList<JobStep> Steps,
    object? Image,
    IReadOnlyList<object> Services,
    IReadOnlyList<object> Artifacts,
    IReadOnlyList<object> Cache,
    IReadOnlyList<object> Credentials,
    IReadOnlyList<object> Dependencies,
    IReadOnlyDictionary<string, bool> Features);

internal sealed record JobInfo(long Id, string Name, string Stage, long ProjectId, string ProjectName);

internal sealed record GitInfo(string RepoUrl, string Ref, string Sha, string BeforeSha, string RefType, IReadOnlyList<string> Refspecs, int Depth);

internal sealed record RunnerInfo(int Timeout);

/// <summary>A job variable as the runner gets it: <c>file</c> ones are written to a file whose path the variable holds.</summary>
internal sealed record JobVariable(string Key, string Value, bool Public, bool File, bool Masked);

internal sealed record JobStep(string Name, IReadOnlyList<string> Script, int Timeout, string When, bool AllowFailure);
