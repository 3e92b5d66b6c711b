-- 揭榜挂帅 on the one project engine (issue 12 item 6; docs/decisions/0028-challenges.md): a project of
-- kind `challenge` posted by an alliance's office or an organization, with its conditions, reward and a
-- bidding window; organizations bid with a plan, a lead person and proposed milestones; the poster
-- awards one bid after the window closes, and the winner becomes the project's lead organization
-- (projects.org_id) with its milestones. Projects may belong to an alliance (joint projects).
alter table projects add column alliance_id bigint references alliances (id);
create index projects_alliance on projects (alliance_id) where alliance_id is not null;

create table project_challenges (
  project_id bigint primary key references projects (id),
  -- who posted it (发榜单位): the alliance's office or an organization; the project's org_id until awarded
  poster_org_id bigint not null references orgs (id),
  conditions text not null default '',
  reward text not null default '',
  opens_on date not null,
  closes_on date not null,
  awarded_bid_id bigint,
  award_reason text not null default '',
  awarded_by bigint references users (id),
  awarded_at timestamptz,
  check (closes_on >= opens_on)
);

create table project_bids (
  id bigint generated always as identity primary key,
  project_id bigint not null references project_challenges (project_id),
  region_code char(6) not null,
  -- the bidding organization (揭榜单位), bidding for itself
  org_id bigint not null references orgs (id),
  -- or for one of its volunteer teams (党员服务队、突击队), which then carries it out
  team_id bigint references volunteer_teams (id),
  plan text not null,
  lead_name text not null,
  -- proposed milestones [{title, plannedOn, weight}], weights summing to 100; become the project's on award
  milestones jsonb not null,
  -- the poster's review score (0–100), optional
  score integer check (score between 0 and 100),
  status text not null default 'submitted' check (status in ('submitted', 'awarded', 'not_awarded')),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  unique (project_id, org_id)
);
create index project_bids_org on project_bids (org_id);
alter table project_challenges add constraint project_challenges_awarded_bid
  foreign key (awarded_bid_id) references project_bids (id);
