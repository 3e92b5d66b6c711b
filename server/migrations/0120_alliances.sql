-- Alliances and industry chains (issue 12; seeds 000, 001, 002, 004): 产业链党委 (an organization of the
-- tree, `industry_chain`) and 党建联盟 (a compact between organizations that stay where they are,
-- `alliance`). `org_id` is the office that runs it: the chain committee itself, or the organization
-- hosting the alliance's office. Who sees what: docs/decisions/0019-alliances-access.md.
create table alliances (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  name text not null,
  name_search text not null,
  kind text not null check (kind in ('industry_chain', 'alliance')),
  description text not null default '',
  -- the rotating chair (轮值主席): terms by quarter, half-year or joint meeting from chair_start
  chair_period text check (chair_period in ('quarter', 'half_year', 'meeting')),
  chair_start date,
  -- the fixed monthly activity day (Longyan: the 15th), moved to the next working day
  activity_day integer check (activity_day between 1 and 28),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((chair_period is null) = (chair_start is null)),
  unique (org_id, name)
);
create index alliances_region on alliances (region_code);

-- Members: organizations from anywhere in the tree, each with a role and a segment of the chain.
create table alliance_members (
  id bigint generated always as identity primary key,
  alliance_id bigint not null references alliances (id),
  org_id bigint not null references orgs (id),
  role text not null check (role in ('chain_leader', 'chair_unit', 'core', 'member')),
  segment text check (segment in ('upstream', 'midstream', 'downstream')),
  joined_on date not null,
  left_on date,
  -- the place in the chair rotation (1, 2, …); null = not in the rotation
  chair_position integer check (chair_position > 0),
  check (left_on is null or left_on >= joined_on)
);
create unique index alliance_members_current on alliance_members (alliance_id, org_id) where left_on is null;
create unique index alliance_members_chair on alliance_members (alliance_id, chair_position)
  where left_on is null and chair_position is not null;
-- "which alliances is this organization in": visibility joins on the member's org
create index alliance_members_org on alliance_members (org_id) where left_on is null;

-- Skipped or swapped chair terms, with the reason; the terms themselves are computed from the date.
create table alliance_chair_changes (
  id bigint generated always as identity primary key,
  alliance_id bigint not null references alliances (id),
  term integer not null check (term >= 0),
  kind text not null check (kind in ('skip', 'swap')),
  with_term integer check (with_term >= 0),
  reason text not null check (length(reason) > 0),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  check ((kind = 'swap') = (with_term is not null))
);
create index alliance_chair_changes_alliance on alliance_chair_changes (alliance_id, id);

-- The three lists: 需求清单 (demand), 资源清单 (resource, with capacity and validity), 政策清单 (policy).
create table alliance_list_items (
  id bigint generated always as identity primary key,
  alliance_id bigint not null references alliances (id),
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  kind text not null check (kind in ('demand', 'resource', 'policy')),
  title text not null,
  description text not null default '',
  category text not null default '',
  tags text[] not null default '{}',
  quantity integer check (quantity > 0),
  capacity integer check (capacity >= 0),
  valid_from date,
  valid_to date,
  status text not null default 'open' check (status in ('open', 'dispatched', 'done', 'closed')),
  -- a demand dispatched as a case (点单 → 派单 → 接单 → 评单) to the unit offering `resource_id`
  resource_id bigint references alliance_list_items (id),
  case_id bigint references cases (id),
  search_text text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (valid_to is null or valid_from is null or valid_to >= valid_from)
);
create index alliance_list_items_alliance on alliance_list_items (alliance_id, kind, status);

-- Joint meetings (联席会议) and the monthly activity day, attendance by organization, resolutions.
create table alliance_meetings (
  id bigint generated always as identity primary key,
  alliance_id bigint not null references alliances (id),
  region_code char(6) not null,
  kind text not null check (kind in ('joint', 'activity_day')),
  title text not null,
  planned_on date not null,
  held_on date,
  convener_org_id bigint references orgs (id),
  agenda text[] not null default '{}',
  minutes text not null default '',
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index alliance_meetings_alliance on alliance_meetings (alliance_id, planned_on);
-- one activity day per alliance per month, whoever (the job, twice) generates it
create unique index alliance_meetings_activity on alliance_meetings (alliance_id, planned_on) where kind = 'activity_day';

create table alliance_meeting_orgs (
  meeting_id bigint not null references alliance_meetings (id),
  org_id bigint not null references orgs (id),
  primary key (meeting_id, org_id)
);

create table alliance_resolutions (
  id bigint generated always as identity primary key,
  alliance_id bigint not null references alliances (id),
  meeting_id bigint not null references alliance_meetings (id),
  title text not null,
  owner_org_id bigint not null references orgs (id),
  due_on date not null,
  done_on date,
  done_note text,
  case_id bigint references cases (id),
  created_at timestamptz not null default now(),
  check ((done_on is null) = (done_note is null))
);
create index alliance_resolutions_alliance on alliance_resolutions (alliance_id, due_on);

-- A case from an alliance (a dispatched demand, a resolution): its handling unit is a member
-- organization, which may lie outside the office's subtree; its staff handle it as members.
alter table cases add column alliance_id bigint references alliances (id);
create index cases_alliance on cases (alliance_id) where alliance_id is not null;
alter table cases drop constraint cases_channel_check;
alter table cases add constraint cases_channel_check
  check (channel in ('console', 'mobile', 'grid', 'meeting', 'api', 'open311', 'service_day', 'policy', 'alliance'));
