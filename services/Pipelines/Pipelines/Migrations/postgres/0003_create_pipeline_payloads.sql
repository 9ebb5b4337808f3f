-- A webhook delivery's body exactly as it arrived (TRIGGER_PAYLOAD_RAW), with its content type.
CREATE TABLE pipeline_payloads (
    pipeline_id   bigint PRIMARY KEY REFERENCES pipelines (id) ON DELETE CASCADE,
    content_type  text,
    body          bytea NOT NULL
);
