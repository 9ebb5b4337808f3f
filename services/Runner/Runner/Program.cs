using WvsMesh.Runner;

return await RunnerProgram.MainAsync(args);
