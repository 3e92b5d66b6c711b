-- Organizational life (组织生活, issue 6 item 2; RULES.md O6–O8): 三会一课, 主题党日, 组织生活会, 民主评议党员.
-- A meeting is planned and then held (or cancelled); attendance per member; photos and files; exemptions
-- and each region's fixed theme-day are data, not code.
create table meetings (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  kind text not null check (kind in ('branch_general', 'branch_committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'review')),
  title text not null,
  planned_on date,
  held_on date,
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  location text,
  minutes text,
  lecturer text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'held' or held_on is not null),
  check (planned_on is not null or held_on is not null)
);
-- the compliance sweep asks "was a meeting of this kind held by this org in this period?"
create index meetings_held on meetings (org_id, kind, held_on) where status = 'held';
create index meetings_org_day on meetings (org_id, (coalesce(held_on, planned_on)));

create table meeting_attendance (
  meeting_id bigint not null references meetings (id) on delete cascade,
  member_id bigint not null references members (id),
  region_code char(6) not null,
  status text not null check (status in ('present', 'excused', 'absent')),
  note text,
  primary key (meeting_id, member_id)
);
create index meeting_attendance_member on meeting_attendance (member_id);

-- Photos and files of a meeting, kept in the database (size and type checked by the service as well).
create table meeting_files (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  meeting_id bigint not null references meetings (id) on delete cascade,
  kind text not null check (kind in ('photo', 'file')),
  name text not null,
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0 and size_bytes <= 5242880),
  content bytea not null,
  uploaded_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index meeting_files_meeting on meeting_files (meeting_id);

-- An organization excused from a kind of meeting ('all' = every kind) for a while, with who approved it.
create table orglife_exemptions (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  kind text not null check (kind in ('all', 'branch_general', 'branch_committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'review')),
  valid_from date not null,
  valid_until date,
  reason text not null,
  approved_by text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  check (valid_until is null or valid_until >= valid_from)
);
create index orglife_exemptions_org on orglife_exemptions (org_id, kind);

-- A region's fixed theme Party day (主题党日), by GB/T 2260 prefix; the longest matching prefix wins.
-- No row: no fixed day.
create table orglife_region_settings (
  region_prefix text primary key check (region_prefix ~ '^[0-9]{2,6}$'),
  theme_day_of_month integer check (theme_day_of_month between 1 and 28),
  note text not null default '',
  updated_at timestamptz not null default now()
);
-- seed 000: 龙岩 sets the 15th of every month as its theme Party day
insert into orglife_region_settings (region_prefix, theme_day_of_month, note)
values ('3508', 15, '龙岩市：每月15日为固定主题党日（种子000）');
