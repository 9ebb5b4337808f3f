-- Outbound project hooks (GitLab's project webhooks; pipeline events only). The secret token and the signing token are
-- sealed with SecretCipher: they are sent with each request, so they must be readable again, but never returned.
CREATE TABLE project_hooks (
    id                         INTEGER PRIMARY KEY,
    project_id                 bigint NOT NULL,
    url                        text NOT NULL,
    name                       text,
    description                text,
    pipeline_events            integer NOT NULL,
    enable_ssl_verification    integer NOT NULL,
    token_ciphertext           BLOB,
    signing_token_ciphertext   BLOB,
    created_at                 TEXT NOT NULL
);
CREATE INDEX project_hooks_project ON project_hooks (project_id, id);

-- One event per (hook, pipeline id, pipeline status) — dedup_key 'pipeline:<id>:<status>' — so a redelivered
-- PipelineCreated queues nothing twice; a resend is a new event with no dedup_key. next_attempt_at is null once the
-- event is delivered or given up; while a replica sends an attempt, claim is its random id and locked_until when the
-- claim lapses (so a crashed replica's event is taken up again).
CREATE TABLE hook_events (
    id                 INTEGER PRIMARY KEY,
    uuid               text NOT NULL UNIQUE,
    hook_id            bigint NOT NULL REFERENCES project_hooks (id) ON DELETE CASCADE,
    project_id         bigint NOT NULL,
    pipeline_id        bigint NOT NULL,
    pipeline_status    text NOT NULL,
    dedup_key          text,
    idempotency_key    text NOT NULL,
    hook_trigger       text NOT NULL,
    payload            text NOT NULL,
    state              text NOT NULL,
    attempts           integer NOT NULL,
    next_attempt_at    TEXT,
    claim              text,
    locked_until       TEXT,
    created_at         TEXT NOT NULL,
    UNIQUE (hook_id, dedup_key)
);
CREATE INDEX hook_events_due ON hook_events (next_attempt_at);

-- Every attempt, as GitLab's web hook logs show it. Request headers are stored with the secret token redacted;
-- response_status is GitLab's text ("200", or "internal error" when no answer came), status_code the number for filtering.
CREATE TABLE hook_logs (
    id                   INTEGER PRIMARY KEY,
    hook_id              bigint NOT NULL REFERENCES project_hooks (id) ON DELETE CASCADE,
    event_id             bigint NOT NULL REFERENCES hook_events (id) ON DELETE CASCADE,
    attempt              integer NOT NULL,
    url                  text NOT NULL,
    request_headers      text NOT NULL,
    response_headers     text NOT NULL,
    response_body        text NOT NULL,
    response_status      text NOT NULL,
    status_code          integer,
    error                text,
    execution_duration   real NOT NULL,
    created_at           TEXT NOT NULL
);
CREATE INDEX hook_logs_hook ON hook_logs (hook_id, id);
