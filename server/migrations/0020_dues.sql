-- Dues (党费), RULES.md D1–D12: the yearly base per member, the monthly ledger, payments.
create table dues_bases (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  year integer not null check (year between 2000 and 2100),
  category text not null check (category in ('on_job', 'annual_salary', 'self_employed', 'retiree', 'flat')),
  -- income base in fen, or the flat amount itself for 'flat'
  base_fen bigint not null check (base_fen >= 0),
  monthly_fen bigint not null check (monthly_fen >= 0),
  rate text,
  rule_id text not null,
  -- D5: reduction or exemption, decided by the branch and approved by the committee above
  adjustment text not null default 'none' check (adjustment in ('none', 'reduced', 'exempt')),
  reduced_fen bigint check (reduced_fen is null or reduced_fen >= 0),
  adjustment_until char(7),
  adjustment_reason text,
  adjustment_approved_by text,
  adjustment_approved_on date,
  confirmed_at timestamptz,
  updated_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (member_id, year, region_code)
);

create table dues_ledger (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  -- the org holding the relationship when the month was generated (D7)
  org_id bigint not null references orgs (id),
  month char(7) not null,
  due_fen bigint not null check (due_fen >= 0),
  paid_fen bigint not null default 0 check (paid_fen >= 0),
  status text not null check (status in ('unpaid', 'partial', 'paid', 'exempt')),
  generated_at timestamptz not null default now(),
  unique (member_id, month, region_code)
);
create index dues_ledger_org_month on dues_ledger (org_id, month);
create index dues_ledger_member_month on dues_ledger (member_id, month desc);

create table dues_payments (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  org_id bigint not null references orgs (id),
  ledger_id bigint references dues_ledger (id),
  month char(7) not null,
  amount_fen bigint not null check (amount_fen > 0),
  kind text not null check (kind in ('regular', 'voluntary')),
  paid_on date not null,
  method text not null default 'cash' check (method in ('cash', 'transfer', 'bank', 'other')),
  source text not null default 'manual' check (source in ('manual', 'bulk', 'import')),
  note text,
  recorded_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index dues_payments_member on dues_payments (member_id, month);
create index dues_payments_org_month on dues_payments (org_id, month);
