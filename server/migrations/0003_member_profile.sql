-- Members' profile (issue 4): what a branch secretary keeps about each member, and what search needs.
alter table members add column name_pinyin text not null default '';
alter table members add column name_initials text not null default '';
alter table members add column ethnicity text;
alter table members add column education text;
alter table members add column work_unit text;
alter table members add column full_member_on date;
alter table members add column mobile_location text;
alter table members add column mobile_card_no text;
alter table members add column user_id bigint references users (id);
alter table members add constraint members_status_check
  check (status in ('normal', 'mobile', 'lost_contact', 'suspended', 'left', 'deceased'));
-- tails of the ID number and the phone are searched by prefix of the reversed text
create index members_id_tail on members (reverse(id_number) text_pattern_ops);
create index members_phone_tail on members (reverse(phone) text_pattern_ops);
create index members_name_search on members (name_search text_pattern_ops);
create index members_pinyin on members (name_pinyin text_pattern_ops);
create index members_initials on members (name_initials text_pattern_ops);
create unique index members_user on members (user_id) where user_id is not null;
