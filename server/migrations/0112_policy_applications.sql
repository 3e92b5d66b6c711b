-- 申报 (issue 13): an enterprise applies for a policy item from its match, and the application is a case
-- of the existing loop (channel `policy`), in the item's own category, routed to the deciding department
-- with its working-day deadlines and rating. One application an enterprise an item.
alter table policies add column case_category_id bigint references case_categories (id);

alter table cases drop constraint cases_channel_check;
alter table cases add constraint cases_channel_check
  check (channel in ('console', 'mobile', 'grid', 'meeting', 'api', 'open311', 'service_day', 'policy'));

create table policy_applications (
  id bigint generated always as identity primary key,
  policy_id bigint not null references policies (id),
  -- the version the enterprise applied under, and the answer then
  version integer not null,
  unit_id bigint not null references units (id),
  case_id bigint not null references cases (id),
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  unique (policy_id, unit_id)
);
create index policy_applications_unit on policy_applications (unit_id);
