-- Projects against schedule (issue 15, shared with issue 12's joint projects): 书记领航, 揭榜挂帅 and
-- 党建联创 projects led by an organization, with milestones (planned date, integer weight, evidence when
-- done). A parent project (seed 001: Xiushui's 书记领航 project in 59 sub-projects under 6 groups) has
-- no milestones of its own: its figures roll up from its sub-projects by `weight`, a positive integer
-- relative to its siblings (packages/domain/src/projects/progress.ts). One level only: a sub-project
-- has milestones, never sub-projects, and its organization lies inside the parent's subtree.
create table projects (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  -- the lead organization (牵头党组织); reads and changes are scoped by its subtree
  org_id bigint not null references orgs (id),
  parent_id bigint references projects (id),
  -- the sub-project's weight in its parent (relative to its siblings); 1 for a top-level project
  weight integer not null default 1 check (weight between 1 and 100),
  title text not null,
  kind text not null check (kind in ('secretary_led', 'challenge', 'joint')),
  -- a group of the parent (seed 001: 红色网格、红色阵地、红色物业、红色队伍、红色服务、红色文化)
  group_name text not null default '',
  -- the secretary or person who leads it (领题书记 / 项目负责人)
  lead_name text not null default '',
  description text not null default '',
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index projects_org on projects (org_id);
create index projects_parent on projects (parent_id) where parent_id is not null;
create index projects_region on projects (region_code);

create table project_milestones (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  project_id bigint not null references projects (id),
  position integer not null check (position > 0),
  title text not null,
  planned_on date not null,
  weight integer not null check (weight between 1 and 100),
  completed_on date,
  evidence text,
  completed_by bigint references users (id),
  completed_by_name text,
  completed_at timestamptz,
  unique (project_id, position),
  check ((completed_on is null) = (evidence is null))
);
-- the figures of a list read each project's milestones by project
create index project_milestones_project on project_milestones (project_id, planned_on);
