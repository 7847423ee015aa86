-- 0005: every sign-in attempt by e-mail (R2, R6): failures leave a trace and drive the
-- back-off; a success restarts the count. E-mails are stored as typed (trimmed,
-- lower-cased), known to Rolecall or not, so unknown ones back off the same way.

CREATE TABLE sign_in_attempts (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL CHECK (length(email) <= 254),
    account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    succeeded  INTEGER NOT NULL CHECK (succeeded IN (0, 1))
) STRICT;
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, succeeded, at);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);
