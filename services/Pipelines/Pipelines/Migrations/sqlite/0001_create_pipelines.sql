CREATE TABLE pipelines (
    id                   INTEGER PRIMARY KEY,
    iid                  bigint NOT NULL,
    project_id           bigint NOT NULL,
    project_path         text NOT NULL,
    request_id           text NOT NULL UNIQUE,
    trace_id             text,
    sha                  text NOT NULL,
    ref                  text NOT NULL,
    tag                  integer NOT NULL,
    status               text NOT NULL,
    source               text NOT NULL,
    trigger_id           bigint,
    trigger_short_token  text,
    user_id              bigint NOT NULL,
    user_username        text NOT NULL,
    user_name            text NOT NULL,
    committed_at         text,
    created_at           text NOT NULL,
    updated_at           text NOT NULL,
    UNIQUE (project_id, iid)
);

CREATE TABLE pipeline_variables (
    pipeline_id    bigint NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    key            text NOT NULL,
    value          text NOT NULL,
    variable_type  text NOT NULL,
    PRIMARY KEY (pipeline_id, key)
);
