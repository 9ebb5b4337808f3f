-- Inbound trigger deliveries (the webhook form of the trigger URL). Never the token: only what a maintainer needs to
-- see what arrived and what became of it, and the body exactly as it came.
CREATE TABLE trigger_deliveries (
    id              INTEGER PRIMARY KEY,
    uuid            text NOT NULL UNIQUE,
    project_id      bigint,
    project_ref     text NOT NULL,
    ref             text NOT NULL,
    delivery_key    text,
    event           text,
    content_type    text,
    size            bigint NOT NULL,
    body            BLOB,
    status_code     integer,
    outcome         text NOT NULL,
    message         text,
    pipeline_id     bigint,
    received_at     TEXT NOT NULL,
    completed_at    TEXT
);
CREATE INDEX trigger_deliveries_project ON trigger_deliveries (project_id, id);
CREATE INDEX trigger_deliveries_key ON trigger_deliveries (project_id, delivery_key);
