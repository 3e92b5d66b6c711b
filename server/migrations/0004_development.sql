-- Member development (发展党员, issue 4 item 2; RULES.md P1–P15): one record per applicant's way to full
-- membership, and each step recorded with its date, decision, evidence and who decided. The rules are
-- in packages/domain (versioned rule sets); the record keeps which set governed each step.
create table development_records (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  -- the org holding the member's relationship; follows the member when a transfer is accepted
  org_id bigint not null references orgs (id),
  -- '2014' | '2026': the set in force on the latest step (each step keeps its own)
  rule_set text not null,
  stage text not null default 'applicant'
    check (stage in ('applicant', 'activist', 'candidate', 'probationary', 'full')),
  state text not null default 'active' check (state in ('active', 'completed', 'terminated')),
  applied_on date not null,
  -- [{ "memberId": 1, "name": "…" }] as recorded at the introducers step (P7)
  introducers jsonb not null default '[]',
  note text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- one open record per member
create unique index development_records_member_active on development_records (member_id) where state = 'active';
create index development_records_org on development_records (org_id, stage);

create table development_steps (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  record_id bigint not null references development_records (id),
  step text not null,
  step_date date not null,
  decision text not null check (decision in ('approved', 'rejected')),
  rule_set text not null,
  -- step-specific facts: notice dates, training days/hours, the vote, extension months
  data jsonb not null default '{}',
  -- evidence kept in the generic `files` table (kind 'development.evidence')
  evidence_file_id bigint,
  decided_by bigint references users (id),
  decided_by_name text not null,
  note text,
  created_at timestamptz not null default now()
);
create index development_steps_record on development_steps (record_id, step_date, id);
