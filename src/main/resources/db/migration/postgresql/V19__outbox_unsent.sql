-- The outbox keeps every message sent (the ticket shows its delivery), so it only grows; what the delivery
-- worker polls for and what the mailbox status counts are the few messages not sent yet. Without this index
-- the worker's "due, in id order" walked the primary key over every message ever sent (20 ms at 13,000).
-- H2 has no partial indexes; its desks are small.
create index outbox_unsent_idx on outbox (id) where state <> 'SENT';
