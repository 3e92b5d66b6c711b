-- A transfer shows the member as they were when it started, masked, for as long as it is kept: the
-- sending side keeps its outbox entry after the member has left, and must not keep reading the live
-- member row (later name, work unit, phone, where the member is now). Existing transfers take the
-- member as they are today, the closest record left.
alter table member_transfers add column member_snapshot jsonb;
update member_transfers t
   set member_snapshot = jsonb_build_object(
     'name', m.name,
     'nameSearch', m.name_search,
     'gender', m.gender,
     'idNumber', left(m.id_number, 4) || repeat('*', greatest(char_length(m.id_number) - 8, 0)) || right(m.id_number, 4),
     'phone', case when coalesce(m.phone, '') = '' then null else left(m.phone, 3) || '****' || right(m.phone, 4) end,
     'stage', m.stage,
     'status', m.status,
     'joinedOn', m.joined_on,
     'fullMemberOn', m.full_member_on,
     'workUnit', m.work_unit)
  from members m
 where m.id = t.member_id;
alter table member_transfers alter column member_snapshot set not null;
