-- Organization ledgers in Excel and pinyin search of organizations (issue 4 items 6 and 7).

-- Search forms of the name, written with the name (pinyin is not SQL). Null means "not computed
-- yet": organizations registered before this migration are filled in by the server at start
-- (modules/orgs fillOrgPinyin), so the migration itself stays plain SQL.
-- name_pinyin keeps a space between syllables: a query is matched at a syllable boundary anywhere
-- in the name ('huli' finds 中共厦门市湖里区委员会), which a prefix index cannot do; the organizations
-- of a deployment are few enough (tens of thousands) to be scanned.
alter table orgs add column name_pinyin text;
alter table orgs add column name_initials text;
create index orgs_pinyin_missing on orgs (id) where name_pinyin is null;
-- re-importing a file looks for the same name under the same parent
create index orgs_parent_name on orgs (parent_id, name_search);

-- The import batches of members serve organizations too: the rows keep what is particular to a kind
-- (for organizations: type, parent row, unit, date) in data.
alter table import_batches drop constraint import_batches_kind_check;
alter table import_batches add constraint import_batches_kind_check check (kind in ('members', 'orgs'));
alter table import_rows add column data jsonb;
