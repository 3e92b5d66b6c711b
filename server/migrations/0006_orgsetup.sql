-- Organization setup (issue 4 item 4–5): leadership terms and committee members, 党建工作指导员
-- assigned to enterprises, and the 党务工作者 register. Findings of O1–O5 are computed, not stored.

-- One row per term of an organization's leadership (届). At most one current term per organization.
create table org_terms (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  -- an elected committee, or (fewer than 7 full members, O3) a secretary without a committee
  kind text not null check (kind in ('committee', 'secretary')),
  elected_on date not null,
  term_years integer not null check (term_years between 1 and 10),
  -- the day the term expires (届满日): elected_on + term_years, end of month clamped
  ends_on date not null,
  state text not null default 'current' check (state in ('current', 'ended')),
  ended_on date,
  note text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on > elected_on)
);
create unique index org_terms_current on org_terms (org_id) where state = 'current';
create index org_terms_org on org_terms (org_id, elected_on desc);
create index org_terms_region on org_terms (region_code);

-- Who sits in a term's committee, with their post. A member record when there is one, a name always.
create table org_committee_members (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  term_id bigint not null references org_terms (id) on delete cascade,
  member_id bigint references members (id),
  name text not null,
  post text not null check (
    post in ('secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline', 'youth', 'women', 'member')
  ),
  created_at timestamptz not null default now()
);
create index org_committee_members_term on org_committee_members (term_id);
create index org_committee_members_member on org_committee_members (member_id) where member_id is not null;

-- 党建工作指导员 assigned to a unit (usually a non-public enterprise without its own organization).
-- The instructor is a user of the platform or only a person record (name and phone).
create table instructor_assignments (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  unit_id bigint not null references units (id),
  user_id bigint references users (id),
  name text not null,
  phone text,
  assigned_on date not null,
  ended_on date,
  note text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ended_on is null or ended_on >= assigned_on)
);
create index instructor_assignments_unit on instructor_assignments (unit_id);
create index instructor_assignments_user on instructor_assignments (user_id) where user_id is not null;
create index instructor_assignments_region on instructor_assignments (region_code);

-- 党务工作者信息库: the people doing Party work for an organization.
create table party_workers (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  member_id bigint references members (id),
  name text not null,
  post text not null,
  phone text,
  full_time boolean not null default false,
  trained_on date,
  note text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index party_workers_org on party_workers (org_id);
create index party_workers_region on party_workers (region_code);

-- O1 counts the full members whose work unit is a unit without its own branch, wherever they are held
create index members_work_unit on members (work_unit) where work_unit is not null;
