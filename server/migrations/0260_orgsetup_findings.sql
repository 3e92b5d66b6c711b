-- Organization-setup findings kept up to date (issue 11, speed; docs/decisions/0029-orgsetup-findings.md).
-- The findings of O1/O3/O4/O5 are still defined by one SQL statement over the organizations' facts
-- (server/src/modules/orgsetup/repository.ts); its rows are now kept in `orgsetup_findings` so that a
-- page of the whole city is an index range scan, not a recomputation over 235,000 members.
--
-- A row is a finding that holds while the data it was computed from is unchanged; the findings that
-- depend on the day (O5: a term expiring, a term overdue) carry the days they hold (valid_from ..
-- valid_to), so a row computed yesterday is still right today. Statement triggers note what changed
-- (`orgsetup_dirty`: an organization, a unit, a work-unit name); the next read, the compliance
-- re-check job or the nightly sweep recomputes just those organizations and units before it reads.
create table orgsetup_findings (
  org_id bigint not null,
  check_code text collate "C" not null,
  -- the unit of O1.unit_without_branch, else 0 (part of the key and of the list's order)
  subject_key bigint not null default 0,
  -- 0 violation, 1 warning, 2 info: the list's first sort key
  severity_rank smallint not null,
  org_path text collate "C" not null,
  org_name text not null,
  org_type text not null,
  unit_kind text,
  members int not null,
  full_members int not null,
  term_kind text,
  elected_on date,
  ends_on date,
  committee_size int,
  subject_unit_id bigint,
  subject_unit_name text,
  unit_full_members int,
  valid_from date not null default '-infinity',
  valid_to date not null default 'infinity',
  primary key (check_code, org_id, subject_key)
);
-- the list's order: a keyset page of one severity within a subtree is one range of this index, read
-- index-only (the days a row holds are in it: the O5 rows of other days are passed over in the index)
create index orgsetup_findings_order on orgsetup_findings (severity_rank, org_path, check_code, subject_key)
  include (org_id, valid_from, valid_to);
-- the counts by check of a subtree on a day: an index-only scan
create index orgsetup_findings_counts on orgsetup_findings (org_path, check_code, valid_from, valid_to);
create index orgsetup_findings_org on orgsetup_findings (org_id);

-- What changed since the findings were last brought up to date. kind: 'org' (key: id), 'unit' (key:
-- id), 'work_unit' (key: the name members give), 'all'. No key: a trigger appends, the refresh
-- deletes what it read (duplicates are harmless).
create table orgsetup_dirty (
  kind text not null check (kind in ('org', 'unit', 'work_unit', 'all')),
  key text not null default ''
);
-- everything already in the database is computed on the first read after this migration
insert into orgsetup_dirty (kind) values ('all');

-- the units whose name a member gives as work unit (O1: a unit's full members)
create index units_name on units (name);

-- A logical restore (backup) loads every table as it was, orgsetup_* included: nothing to note then.
create function orgsetup_restoring() returns boolean language sql stable as $$
  select coalesce(current_setting('honglian.restoring', true), '') = 'on'
$$;

create function orgsetup_members_changed() returns trigger language plpgsql as $$
begin
  if orgsetup_restoring() then return null; end if;
  if tg_op = 'INSERT' then
    insert into orgsetup_dirty (kind, key)
    select 'org', org_id::text from new_rows
    union select 'work_unit', work_unit from new_rows where work_unit is not null;
  elsif tg_op = 'DELETE' then
    insert into orgsetup_dirty (kind, key)
    select 'org', org_id::text from old_rows
    union select 'work_unit', work_unit from old_rows where work_unit is not null;
  else
    -- only what the findings read: where the member is, stage, status and work unit
    insert into orgsetup_dirty (kind, key)
    with changed as (
      select n.org_id as new_org, o.org_id as old_org, n.work_unit as new_unit, o.work_unit as old_unit
      from new_rows n join old_rows o on o.id = n.id
      where (n.org_id, n.stage, n.status, n.work_unit) is distinct from (o.org_id, o.stage, o.status, o.work_unit)
    )
    select 'org', new_org::text from changed
    union select 'org', old_org::text from changed
    union select 'work_unit', new_unit from changed where new_unit is not null
    union select 'work_unit', old_unit from changed where old_unit is not null;
  end if;
  return null;
end $$;
create trigger orgsetup_members_insert after insert on members
  referencing new table as new_rows for each statement execute function orgsetup_members_changed();
create trigger orgsetup_members_update after update on members
  referencing old table as old_rows new table as new_rows for each statement execute function orgsetup_members_changed();
create trigger orgsetup_members_delete after delete on members
  referencing old table as old_rows for each statement execute function orgsetup_members_changed();

create function orgsetup_orgs_changed() returns trigger language plpgsql as $$
begin
  if orgsetup_restoring() then return null; end if;
  if tg_op = 'INSERT' then
    insert into orgsetup_dirty (kind, key)
    select 'org', id::text from new_rows
    union select 'org', parent_id::text from new_rows where parent_id is not null
    union select 'unit', unit_id::text from new_rows where unit_id is not null;
  elsif tg_op = 'DELETE' then
    insert into orgsetup_dirty (kind, key)
    select 'org', id::text from old_rows
    union select 'org', parent_id::text from old_rows where parent_id is not null
    union select 'unit', unit_id::text from old_rows where unit_id is not null;
  else
    insert into orgsetup_dirty (kind, key)
    with changed as (
      select n.id, n.parent_id as new_parent, o.parent_id as old_parent, n.unit_id as new_unit, o.unit_id as old_unit
      from new_rows n join old_rows o on o.id = n.id
      where (n.parent_id, n.path, n.type, n.status, n.unit_id, n.name)
        is distinct from (o.parent_id, o.path, o.type, o.status, o.unit_id, o.name)
    )
    select 'org', id::text from changed
    union select 'org', old_parent::text from changed where old_parent is not null
    union select 'org', new_parent::text from changed where new_parent is not null
    union select 'unit', new_unit::text from changed where new_unit is not null
    union select 'unit', old_unit::text from changed where old_unit is not null;
  end if;
  return null;
end $$;
create trigger orgsetup_orgs_insert after insert on orgs
  referencing new table as new_rows for each statement execute function orgsetup_orgs_changed();
create trigger orgsetup_orgs_update after update on orgs
  referencing old table as old_rows new table as new_rows for each statement execute function orgsetup_orgs_changed();
create trigger orgsetup_orgs_delete after delete on orgs
  referencing old table as old_rows for each statement execute function orgsetup_orgs_changed();

create function orgsetup_units_changed() returns trigger language plpgsql as $$
begin
  if orgsetup_restoring() then return null; end if;
  if tg_op = 'INSERT' then
    insert into orgsetup_dirty (kind, key) select 'unit', id::text from new_rows;
  elsif tg_op = 'DELETE' then
    insert into orgsetup_dirty (kind, key) select 'unit', id::text from old_rows;
  else
    insert into orgsetup_dirty (kind, key)
    select 'unit', n.id::text from new_rows n join old_rows o on o.id = n.id
    where (n.name, n.kind, n.org_id) is distinct from (o.name, o.kind, o.org_id);
  end if;
  return null;
end $$;
create trigger orgsetup_units_insert after insert on units
  referencing new table as new_rows for each statement execute function orgsetup_units_changed();
create trigger orgsetup_units_update after update on units
  referencing old table as old_rows new table as new_rows for each statement execute function orgsetup_units_changed();
create trigger orgsetup_units_delete after delete on units
  referencing old table as old_rows for each statement execute function orgsetup_units_changed();

create function orgsetup_terms_changed() returns trigger language plpgsql as $$
begin
  if orgsetup_restoring() then return null; end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into orgsetup_dirty (kind, key) select distinct 'org', org_id::text from new_rows;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into orgsetup_dirty (kind, key) select distinct 'org', org_id::text from old_rows;
  end if;
  return null;
end $$;
create trigger orgsetup_terms_insert after insert on org_terms
  referencing new table as new_rows for each statement execute function orgsetup_terms_changed();
create trigger orgsetup_terms_update after update on org_terms
  referencing old table as old_rows new table as new_rows for each statement execute function orgsetup_terms_changed();
create trigger orgsetup_terms_delete after delete on org_terms
  referencing old table as old_rows for each statement execute function orgsetup_terms_changed();

create function orgsetup_committee_changed() returns trigger language plpgsql as $$
begin
  if orgsetup_restoring() then return null; end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into orgsetup_dirty (kind, key)
    select distinct 'org', t.org_id::text from new_rows n join org_terms t on t.id = n.term_id;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    -- a committee deleted with its term: the term's own trigger notes the organization
    insert into orgsetup_dirty (kind, key)
    select distinct 'org', t.org_id::text from old_rows o join org_terms t on t.id = o.term_id;
  end if;
  return null;
end $$;
create trigger orgsetup_committee_insert after insert on org_committee_members
  referencing new table as new_rows for each statement execute function orgsetup_committee_changed();
create trigger orgsetup_committee_update after update on org_committee_members
  referencing old table as old_rows new table as new_rows for each statement execute function orgsetup_committee_changed();
create trigger orgsetup_committee_delete after delete on org_committee_members
  referencing old table as old_rows for each statement execute function orgsetup_committee_changed();
