-- An Open311 key reads cases as its role would in the console: a role with case.read sees the cases
-- of its area (the key's org subtree), any other role only the requests filed with the key, as a
-- resident sees their own reports. Keys made before this hold the least role.
alter table open311_keys add column role text not null default 'resident';

-- which key filed a case (a user's report is cases.reporter_id)
alter table cases add column open311_key_id bigint references open311_keys (id);
-- requests filed with an Idempotency-Key kept the key in submit_key ('open311:<key id>:<key>')
update cases c
   set open311_key_id = k.id
  from open311_keys k
 where c.channel = 'open311' and c.submit_key like 'open311:%'
   and split_part(c.submit_key, ':', 2) = k.id::text;
create index cases_open311_key on cases (open311_key_id) where open311_key_id is not null;
