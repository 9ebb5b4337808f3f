-- Runners, and what running a job needs: where the repository is, the job token (digest), status times, the log.
CREATE TABLE runners (
    id             INTEGER PRIMARY KEY,
    token_digest   text NOT NULL UNIQUE,
    description    text,
    created_by     bigint NOT NULL,
    created_at     text NOT NULL,
    contacted_at   text
);

ALTER TABLE pipelines ADD COLUMN repository_url text;
ALTER TABLE pipelines ADD COLUMN project_name text;
ALTER TABLE pipelines ADD COLUMN default_branch text;
ALTER TABLE pipelines ADD COLUMN started_at text;
ALTER TABLE pipelines ADD COLUMN finished_at text;
ALTER TABLE pipelines ADD COLUMN upstream_project_id bigint;
ALTER TABLE pipelines ADD COLUMN upstream_pipeline_id bigint;
ALTER TABLE pipelines ADD COLUMN upstream_job_id bigint;

ALTER TABLE jobs ADD COLUMN runner_id bigint;
ALTER TABLE jobs ADD COLUMN token_digest text;
ALTER TABLE jobs ADD COLUMN failure_reason text;
CREATE INDEX jobs_pending ON jobs (status, id);
CREATE UNIQUE INDEX jobs_token ON jobs (token_digest);

-- A job's log in the chunks the runner sent; start is the byte offset of the chunk.
CREATE TABLE job_trace_chunks (
    job_id   bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    start    bigint NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (job_id, start)
);
