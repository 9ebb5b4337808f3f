ALTER TABLE users ADD COLUMN password_digest text;

ALTER TABLE personal_access_tokens ADD COLUMN last_used_at text;
CREATE INDEX personal_access_tokens_user ON personal_access_tokens (user_id, id);

CREATE TABLE protected_branches (
    id                  INTEGER PRIMARY KEY,
    project_id          bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name                text NOT NULL,
    push_access_level   integer NOT NULL,
    merge_access_level  integer NOT NULL,
    allow_force_push    integer NOT NULL DEFAULT 0,
    created_at          text NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE protected_tags (
    id                   INTEGER PRIMARY KEY,
    project_id           bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name                 text NOT NULL,
    create_access_level  integer NOT NULL,
    created_at           text NOT NULL,
    UNIQUE (project_id, name)
);

-- Rotation keeps the previous token valid for a grace period; both digests are looked up by index.
ALTER TABLE trigger_tokens ADD COLUMN previous_token_digest text;
CREATE UNIQUE INDEX trigger_tokens_previous_digest ON trigger_tokens (previous_token_digest);
ALTER TABLE trigger_tokens ADD COLUMN previous_valid_until text;
ALTER TABLE trigger_tokens ADD COLUMN allowed_refs text;
ALTER TABLE trigger_tokens ADD COLUMN last_used_at text;
ALTER TABLE trigger_tokens ADD COLUMN last_used_ip text;

CREATE UNIQUE INDEX users_email ON users (email);
