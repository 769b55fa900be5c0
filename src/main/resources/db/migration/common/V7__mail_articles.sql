-- Articles that came or went by e-mail keep their mail identity; attachments know their role.

alter table article add column origin varchar(16) not null default 'WEB';
alter table article add column body_html varchar;
alter table article add column message_id varchar(500);
alter table article add column mail_from varchar(500);
alter table article add column mail_to varchar(4000);
alter table article add column mail_cc varchar(4000);
alter table article add column automatic boolean not null default false;
alter table article add column delivery_state varchar(16);
alter table article add column delivery_detail varchar(1000);
create index article_message_id_idx on article (message_id);

-- FILE: a file shown in the list; INLINE: an image referenced by cid: in the HTML; RAW: the source of a mail.
alter table attachment add column role varchar(8) not null default 'FILE';
alter table attachment add column content_id varchar(300);

-- People copied on a ticket (mail Cc): they receive the replies and may answer in the thread.
create table ticket_participant (
    ticket_id       bigint not null references ticket (id),
    contact_id      bigint not null references contact (id),
    added_at        timestamp with time zone not null,
    primary key (ticket_id, contact_id)
);
create index ticket_participant_contact_idx on ticket_participant (contact_id);

-- A reply to a ticket closed beyond the reopen window opens a new ticket, once: later replies go there.
alter table ticket add column follow_up_id bigint references ticket (id);
