-- A mailbox may pin its servers' TLS certificate (PEM): a self-signed internal server is then trusted
-- for that certificate only, and for nothing else.
alter table mailbox add column tls_certificate text;
