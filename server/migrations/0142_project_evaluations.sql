-- 年终评比 (issue 15): an organization ranks the top-level projects it leads (its subtree's) by the
-- measured result at the evaluation date and its judges' scores. The figures are taken when the
-- evaluation opens (as of the year's last day, or that day while the year runs), so the ranking judges
-- the year and not what came after; the judges' scores are recorded one per judge and project; the
-- decision freezes the ranks.
create table project_evaluations (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id),
  region_code char(6) not null,
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 200),
  -- the share (percent) of the measured result in the total; the rest is the judges' mean
  measured_weight integer not null check (measured_weight between 0 and 100),
  as_of date not null,
  status text not null default 'scoring' check (status in ('scoring', 'decided')),
  created_by bigint references users (id),
  created_at timestamptz not null,
  decided_by bigint references users (id),
  decided_at timestamptz,
  unique (org_id, year)
);

create table project_evaluation_entries (
  evaluation_id bigint not null references project_evaluations (id),
  project_id bigint not null references projects (id),
  progress double precision not null,
  planned_progress double precision not null,
  ahead_points double precision not null,
  -- set by the decision
  final_rank integer,
  final_total double precision,
  primary key (evaluation_id, project_id)
);

create table project_evaluation_scores (
  evaluation_id bigint not null,
  project_id bigint not null,
  judge_user_id bigint not null references users (id),
  judge_name text not null,
  score integer not null check (score between 0 and 100),
  comment text not null default '',
  scored_at timestamptz not null,
  primary key (evaluation_id, project_id, judge_user_id),
  foreign key (evaluation_id, project_id) references project_evaluation_entries (evaluation_id, project_id)
);
