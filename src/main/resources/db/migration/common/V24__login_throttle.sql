-- Login throttling shared by every node of a cluster: one row per throttled subject, the login of an account
-- (from any address) or a login from one address. Subjects are SHA-256 digests: no login or address is kept.
-- Rows whose last failure is older than the longest wait are deleted by the job login-throttle-expiry.
create table login_throttle (
    subject          varchar(80) primary key,
    failures         integer     not null,
    last_failure_at  timestamp with time zone
);
create index login_throttle_last_failure_idx on login_throttle (last_failure_at);
