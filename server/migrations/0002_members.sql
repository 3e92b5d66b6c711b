-- Members: the minimum the foundation needs (demo data, counts per organization).
-- The members capability (issue 4) adds development stages, transfers and history.
create table members (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  name text not null,
  name_search text not null,
  id_number char(18) not null,
  gender text not null check (gender in ('male', 'female')),
  birth_date date not null,
  phone text,
  joined_on date,
  stage text not null default 'full' check (stage in ('applicant', 'activist', 'candidate', 'probationary', 'full')),
  status text not null default 'normal',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index members_id_number on members (id_number, region_code);
create index members_org on members (org_id);
