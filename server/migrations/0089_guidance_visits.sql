-- 指导记录 (issue 10): each guidance visit a Party-building instructor (党建工作指导员) or liaison
-- (党建联络员) pays to an enterprise assigned to them: the day, the topic, the problems found and the
-- follow-up, and the day the follow-up was done. A visit in the period counts toward work coverage
-- (两个覆盖, docs/RULES.md): the unit was reached by guidance, not only assigned.
create table guidance_visits (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  unit_id bigint not null references units (id),
  -- the assignment under which the visit was made (the instructor was assigned to the unit that day)
  assignment_id bigint not null references instructor_assignments (id),
  instructor_user_id bigint not null references users (id),
  instructor_name text not null,
  visited_on date not null,
  topic text not null,
  problems text not null default '',
  follow_up text not null default '',
  follow_up_done_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (follow_up_done_on is null or follow_up_done_on >= visited_on)
);
create index guidance_visits_unit on guidance_visits (unit_id, visited_on desc);
create index guidance_visits_instructor on guidance_visits (instructor_user_id, visited_on desc);
create index guidance_visits_region on guidance_visits (region_code);
