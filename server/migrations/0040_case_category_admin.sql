-- Categories and routing editable by administrators (issue 5, 分类与派单规则维护).
-- A category with no owner is shared by every region (全国通用: the built-in catalogue); one created by
-- a city or district belongs to that organization and applies inside its subtree only.
alter table case_categories add column owner_org_id bigint references orgs (id);
alter table case_categories add column owner_path text;
alter table case_categories add column updated_at timestamptz not null default now();
create index case_categories_owner on case_categories (owner_path text_pattern_ops);
create index case_routes_area on case_routes (area_org_id);
