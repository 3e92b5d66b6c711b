-- A case notice goes to the outside channels (SMS, WeChat) no earlier than this: a notice written in
-- quiet hours (22:00–08:00 Asia/Shanghai) waits for 08:00, as the compliance reminders do. The in-app
-- list is not held back. Null: as soon as the delivery job runs.
alter table notifications add column deliver_after timestamptz;
