-- Queues show the nearest SLA clock with its colour (the warning instant of that clock), and sort
-- by it within a group or an assignee's tickets: the index yields rows already in due order.
alter table ticket add column sla_warn_at timestamp with time zone;
create index ticket_group_due_idx on ticket (group_id, sla_due_at, id);
create index ticket_assignee_due_idx on ticket (assignee_id, sla_due_at, id);
