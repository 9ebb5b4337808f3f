-- #13: web UI sessions signed out before they expired. The cookie is signed, not stored, so every gateway replica asks
-- Tokens whether a session is still on; a row goes once the cookie would have expired anyway.
CREATE TABLE ended_sessions (
    session_id  text PRIMARY KEY,
    user_id     bigint NOT NULL,
    expires_at  text NOT NULL
);

CREATE INDEX ended_sessions_expires_at ON ended_sessions (expires_at);
