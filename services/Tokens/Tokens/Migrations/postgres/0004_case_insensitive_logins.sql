-- GitLab treats usernames and emails case-insensitively: CAROL and carol are one account.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
