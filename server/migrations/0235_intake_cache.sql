-- Filing a case reads its category, its area, the area's route and the handler's name (issue 11: intake
-- in a few round trips). A process keeps what it read in memory under the version row 'intake'; any
-- change to those tables, by any process, bumps the row in the changing transaction (a statement-level
-- trigger, so a bulk import bumps once per statement), and every process reads afresh within a second.
insert into cache_versions (name) values ('intake') on conflict do nothing;

create function bump_intake_cache() returns trigger language plpgsql as $$
begin
  -- a restore loads every table as it was, cache_versions included (platform/backup/logical.ts sets this)
  if coalesce(current_setting('honglian.restoring', true), '') = 'on' then return null; end if;
  update cache_versions set version = version + 1 where name = 'intake';
  return null;
end $$;

create trigger case_categories_intake_cache after insert or update or delete on case_categories
  for each statement execute function bump_intake_cache();
create trigger case_routes_intake_cache after insert or update or delete on case_routes
  for each statement execute function bump_intake_cache();
-- only what filing reads: a new pinyin or a changed contact does not empty the caches
create trigger orgs_intake_cache after insert or delete or update of path, name, status, region_code, unit_id on orgs
  for each statement execute function bump_intake_cache();
create trigger units_intake_cache after delete or update of name on units
  for each statement execute function bump_intake_cache();
