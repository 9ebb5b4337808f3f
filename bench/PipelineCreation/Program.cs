using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

// Pipeline creation time by configuration size: the all-in-one host in its own process (its Release build), one project
// whose branches hold configurations of 10, 100 and 1,000 jobs, triggered through the public API. Bounded: a fixed number
// of triggers per size; binds 127.0.0.1 only; stops the host it started.
var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var sizes = new[] { 10, 100, 1000 };
var work = Directory.CreateTempSubdirectory("wvs-bench-creation-").FullName;
var repo = Path.Combine(work, "repo");
Directory.CreateDirectory(Path.Combine(repo, ".wvs"));
Git(repo, "init", "-q", "-b", "main");
foreach (var size in sizes)
{
    Git(repo, "checkout", "-q", "-B", $"jobs-{size}");
    File.WriteAllText(Path.Combine(repo, ".wvs", "root-ci.yml"), Config(size));
    Git(repo, "add", ".");
    Git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", $"{size} jobs");
}

var port = FreePort();
var host = StartHost(port, Path.Combine(work, "data"));
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", "bench-root-token");
    await WaitReadyAsync(http);
    var project = await PostAsync(http, "/api/v4/projects", ("name", "bench"), ("import_url", repo));
    var token = (await PostAsync(http, $"/api/v4/projects/{project["id"]}/triggers", ("description", "bench")))["token"]!.GetValue<string>();

    Console.WriteLine($"Pipeline creation through POST /trigger/pipeline, all-in-one (SQLite, in-memory bus), {repeats} triggers per size");
    Console.WriteLine("| jobs | median ms | p95 ms | max ms | ms per job (median) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|");
    foreach (var size in sizes)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            var created = await PostAsync(http, $"/api/v4/projects/{project["id"]}/trigger/pipeline", ("token", token), ("ref", $"jobs-{size}"));
            watch.Stop();
            if (i >= 2)
            {
                times.Add(watch.Elapsed.TotalMilliseconds); // the first two warm caches (JIT, mirror, parsed config)
            }
            if (i == 0)
            {
                var jobs = await http.GetAsync($"/api/v4/projects/{project["id"]}/pipelines/{created["id"]}/jobs?per_page=1");
                Check(jobs.Headers.GetValues("X-Total").Single() == size.ToString(CultureInfo.InvariantCulture), $"pipeline of {size} jobs has them all");
            }
        }
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size} | {At(0.5):F1} | {At(0.95):F1} | {times[^1]:F1} | {At(0.5) / size:F3} |"));
    }
}
finally
{
    host.Kill(entireProcessTree: true);
    host.WaitForExit();
    Directory.Delete(work, recursive: true);
}

static string Config(int jobs)
{
    var yaml = new StringBuilder("stages: [build, test, deploy]\nvariables:\n  GLOBAL: one\n.base:\n  script: echo $CI_JOB_NAME\n");
    for (var i = 0; i < jobs; i++)
    {
        var stage = (i % 3) switch { 0 => "build", 1 => "test", _ => "deploy" };
        yaml.Append(CultureInfo.InvariantCulture, $"job-{i}:\n  extends: .base\n  stage: {stage}\n  variables:\n    N: \"{i}\"\n");
        yaml.Append(i % 2 == 0 ? "  rules:\n    - if: $CI_PIPELINE_SOURCE == \"trigger\"\n" : "  only: [triggers]\n");
    }
    return yaml.ToString();
}

static Process StartHost(int port, string dataDir)
{
    var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "services", "AllInOne", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release", "net10.0", "WvsMesh.AllInOne.dll");
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll)) };
    start.ArgumentList.Add(Path.GetFullPath(dll));
    start.Environment["URLS"] = $"http://127.0.0.1:{port}";
    start.Environment["WVS_DATA_DIR"] = dataDir;
    start.Environment["WVS_ROOT_TOKEN"] = "bench-root-token";
    start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start) ?? throw new InvalidOperationException("host did not start");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            if ((await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("the host did not become ready in 30 s");
}

static async Task<JsonObject> PostAsync(HttpClient http, string path, params (string Key, string Value)[] fields)
{
    using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
    using var response = await http.PostAsync(path, form);
    var body = await response.Content.ReadAsStringAsync();
    Check(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {body}");
    return JsonNode.Parse(body)!.AsObject();
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException(what);
    }
}

static void Git(string directory, params string[] arguments)
{
    var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
    process.WaitForExit();
    Check(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
