-- A ticket opened by a mail archive import (import-mail, or an upload on the Mailboxes page): its
-- history predates Relais, so it has no SLA clocks and nothing about it is mailed.
alter table ticket add column imported boolean default false not null;
