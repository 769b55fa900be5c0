-- Phone look-up in E.164 (issue 23, 4.3). An organization's country is the region its people's numbers are read
-- in; rows older than this column get it from their time zone at start-up (PhoneBackfill), which also re-keys the
-- contacts' numbers: phone_region says in which region a contact's keys were computed (null: not yet).
alter table organization add column country varchar(2);
alter table contact add column phone_region varchar(2);
