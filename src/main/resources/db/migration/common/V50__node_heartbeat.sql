-- Each running node writes its beat every few seconds; the outbox claims and mailbox leases of a node whose
-- beat stopped are taken over at once instead of when their deadline passes.
create table node_heartbeat (
    node_id     varchar(100) primary key,
    beat_at     timestamp with time zone not null
);

-- The node of an outbox claim (claimed_by names the node and its round).
alter table outbox add column claim_node varchar(100);
