-- Every incoming mail looks its sender up by lower(email): an index for it (H2 has no expression indexes).
create index contact_email_lower_idx on contact (lower(email));
