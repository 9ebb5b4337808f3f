ALTER TABLE pipelines ADD COLUMN yaml_errors text;
ALTER TABLE pipelines ADD COLUMN ref_protected integer NOT NULL DEFAULT 0;
ALTER TABLE pipelines ADD COLUMN trigger_description text;
CREATE INDEX pipelines_project ON pipelines (project_id, id);

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    pipeline_id     bigint NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL,
    name            text NOT NULL,
    stage           text NOT NULL,
    stage_idx       integer NOT NULL,
    status          text NOT NULL,
    run_when        text NOT NULL,
    allow_failure   integer NOT NULL,
    start_in        text,
    -- JSON arrays: the commands, and the job's YAML variables (global, job and matched rules:variables, merged)
    script          text NOT NULL,
    after_script    text NOT NULL,
    yaml_variables  text NOT NULL,
    created_at      text NOT NULL,
    started_at      text,
    finished_at     text
);
CREATE INDEX jobs_pipeline ON jobs (pipeline_id, id);
CREATE INDEX jobs_project ON jobs (project_id, id);

CREATE TABLE project_variables (
    project_id         bigint NOT NULL,
    key                text NOT NULL,
    value_ciphertext   blob NOT NULL,
    variable_type      text NOT NULL,
    protected          integer NOT NULL,
    masked             integer NOT NULL,
    raw                integer NOT NULL,
    environment_scope  text NOT NULL,
    description        text,
    PRIMARY KEY (project_id, key, environment_scope)
);
