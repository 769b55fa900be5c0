-- Call logs are for the team: the numbers, durations and summaries of calls logged so far are hidden from customers
-- (an agent shares a call with the customer when logging it from now on).
update article set internal = true where kind = 'CALL';

-- Rewrites of search documents that a migration made necessary (the documents of tickets with calls still hold
-- them as public text): done once at the next start, then the row is deleted.
create table search_rewrite_pending (
    reason          varchar(40)  primary key,
    created_at      timestamp with time zone not null
);
insert into search_rewrite_pending (reason, created_at) values ('CALLS_INTERNAL', current_timestamp);
