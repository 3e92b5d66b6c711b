-- 挂钩联系 (issue 13 item 8, decision 0027): a 挂钩干部 (a cadre assigned to serve an enterprise:
-- 龙岩 县处级干部挂钩、晋江 红色勤务员包干到企、福安 千名干部进千企) is one more kind of assignment of a
-- person to a unit, many to many with a period (assigned_on / ended_on). It does not count toward
-- 两个覆盖 (only instructors and liaisons do); its visits count toward the quarter's 挂钩走访 coverage.
alter table instructor_assignments drop constraint instructor_assignments_role_check;
alter table instructor_assignments add constraint instructor_assignments_role_check
  check (role in ('instructor', 'liaison', 'cadre'));
create index instructor_assignments_role on instructor_assignments (role, unit_id);

-- 问题清单: the problems a visit found, one row each, so that each can be filed into the case loop
-- (case_id, once) and shows that case's state. guidance_visits.problems keeps the text of the list.
create table guidance_problems (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  visit_id bigint not null references guidance_visits (id),
  seq integer not null,
  description text not null,
  case_id bigint unique references cases (id),
  filed_by bigint references users (id),
  filed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (visit_id, seq),
  check ((case_id is null) = (filed_at is null))
);
create index guidance_problems_visit on guidance_problems (visit_id);

-- a problem found on a 挂钩 visit and filed into the loop
alter table cases drop constraint cases_channel_check;
alter table cases add constraint cases_channel_check
  check (channel in ('console', 'mobile', 'grid', 'meeting', 'api', 'open311', 'service_day', 'policy', 'alliance', 'visit'));
