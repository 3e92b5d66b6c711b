-- Member ledgers in Excel (issue 4 item 6): an uploaded file is parsed into a batch and its rows, checked,
-- and written to members only when the user commits it. Exports larger than a request are files made by a job.

create table import_batches (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  kind text not null check (kind in ('members')),
  -- the org the importing user acts in (the top of their scope that the rows fall under)
  org_path text not null,
  file_name text not null,
  created_by bigint not null references users (id),
  state text not null default 'previewed' check (state in ('previewed', 'committed')),
  total_rows integer not null,
  bad_rows integer not null,
  committed_rows integer,
  created_at timestamptz not null default now(),
  committed_at timestamptz
);
create index import_batches_creator on import_batches (created_by, created_at desc);

-- One row of the file as parsed and normalized (values ready to insert), with its problems.
create table import_rows (
  batch_id bigint not null references import_batches (id) on delete cascade,
  row_no integer not null,
  region_code char(6),
  org_id bigint,
  name text,
  -- search forms computed when the file is read (normalizeForSearch and pinyin are not SQL)
  name_search text,
  name_pinyin text,
  name_initials text,
  id_number char(18),
  gender text,
  birth_date date,
  phone text,
  ethnicity text,
  education text,
  work_unit text,
  joined_on date,
  full_member_on date,
  stage text,
  -- [{ column: '身份证号码', code: 'id_number.checksum', message: '…' }]
  errors jsonb not null default '[]',
  ok boolean not null,
  primary key (batch_id, row_no)
);

-- Generated files (exports) kept for a while for their owner to download.
create table files (
  id bigint generated always as identity primary key,
  region_code char(6),
  owner_id bigint not null references users (id),
  org_path text,
  kind text not null,
  name text not null,
  content_type text not null,
  size_bytes bigint not null default 0,
  content bytea,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index files_owner on files (owner_id, created_at desc);
create index files_expires on files (expires_at);

-- export jobs keyset-paginate members by id inside an org subtree
create index members_org_id on members (org_id, id);
