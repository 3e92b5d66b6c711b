-- A notice to one person (the resident whose case was answered) is also handed to the outside
-- channels of compliance/channels.ts, once: delivered_at marks it sent.
alter table notifications add column delivered_at timestamptz;
-- the notices already there are not sent again
update notifications set delivered_at = created_at where user_id is not null;
create index notifications_user on notifications (user_id, id desc) where user_id is not null;
create index notifications_undelivered on notifications (id) where user_id is not null and delivered_at is null;
