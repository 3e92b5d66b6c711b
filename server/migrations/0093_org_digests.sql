-- Superiors' digest by organization (issue 10): instead of a reminder for every finding of every
-- subordinate organization, an org_admin is sent one line per organization directly below the one
-- they administer, with its counts. One row per digest sent; the last one says what is new since.
create table org_digests (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  -- [{ orgId, name, open, fresh, escalated }]
  lines jsonb not null,
  sent_at timestamptz not null
);
create index org_digests_user on org_digests (user_id, sent_at desc);
