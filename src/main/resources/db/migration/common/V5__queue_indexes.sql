-- Queue views read the newest rows of a status set (NEW, OPEN, PENDING_*) in a group, of an
-- assignee, or overall. Ordered by (updated_at, id) after the equality column, an index yields rows
-- already sorted and the status set is filtered on the way: a page of 50 reads about 80 entries,
-- instead of sorting every active ticket of the group.
drop index ticket_group_idx;
drop index ticket_assignee_idx;
create index ticket_group_updated_idx on ticket (group_id, updated_at desc, id desc);
create index ticket_assignee_updated_idx on ticket (assignee_id, updated_at desc, id desc);
create index ticket_updated_idx on ticket (updated_at desc, id desc);
