-- CI_JOB_TOKENs of running jobs (digests only; Pipelines registers them when a runner takes a job and says when it ends),
-- and each project's inbound job-token allowlist: projects whose jobs' tokens may trigger its pipelines.
CREATE TABLE job_tokens (
    token_digest   text PRIMARY KEY,
    job_id         bigint NOT NULL UNIQUE,
    pipeline_id    bigint NOT NULL,
    project_id     bigint NOT NULL,
    user_id        bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    finished_at    timestamptz
);

CREATE TABLE job_token_allowlist (
    project_id         bigint NOT NULL,
    source_project_id  bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (project_id, source_project_id)
);
