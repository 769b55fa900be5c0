-- The outbox page lists the latest replies that could not be mailed at all (delivery_state NOT_SENT): few among
-- all the articles, read newest first through this index instead of walking the whole table.
-- H2 has no partial indexes; its desks are small.
create index article_not_sent_idx on article (id) where delivery_state = 'NOT_SENT';
