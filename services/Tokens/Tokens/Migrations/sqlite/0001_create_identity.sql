CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    username    text NOT NULL UNIQUE,
    name        text NOT NULL,
    email       text,
    is_admin    integer NOT NULL DEFAULT 0,
    state       text NOT NULL DEFAULT 'active',
    created_at  text NOT NULL
);

CREATE TABLE personal_access_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    digest      text NOT NULL UNIQUE,
    scopes      text NOT NULL,
    created_at  text NOT NULL,
    expires_at  text,
    revoked_at  text
);

CREATE TABLE projects (
    id              INTEGER PRIMARY KEY,
    name            text NOT NULL,
    path            text NOT NULL,
    namespace       text NOT NULL,
    full_path       text NOT NULL UNIQUE,
    import_url      text NOT NULL,
    default_branch  text NOT NULL,
    creator_id      bigint NOT NULL REFERENCES users (id),
    created_at      text NOT NULL
);

CREATE TABLE project_members (
    project_id    bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    access_level  integer NOT NULL,
    created_at    text NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE trigger_tokens (
    id                INTEGER PRIMARY KEY,
    project_id        bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    description       text,
    token_ciphertext  blob NOT NULL,
    token_digest      text NOT NULL UNIQUE,
    short_token       text NOT NULL,
    created_at        text NOT NULL,
    updated_at        text NOT NULL,
    expires_at        text,
    revoked_at        text
);
CREATE INDEX trigger_tokens_project ON trigger_tokens (project_id, id);
