-- Policies that find the enterprise (issue 13, API.md "Policies for enterprises"). Eligibility is data:
-- a criteria tree over an enterprise's facts (packages/domain/src/policies/eligibility.ts), each criterion
-- citing a clause. A policy is versioned: a change writes a new row of policy_versions, and a stored
-- match remembers the version it was decided under, so a past decision is explained as it was made.

-- One row per fact of an enterprise unit: its value (JSON: a code, an integer, a date, a list or a
-- boolean), where it came from and the day it was true as of.
create table enterprise_facts (
  unit_id bigint not null references units (id),
  key text not null check (key in ('regionCode', 'industryCode', 'employees', 'annualRevenueFen',
    'rdExpenseFen', 'registeredOn', 'qualifications', 'hasPartyOrg')),
  value jsonb not null,
  source text not null check (source in ('self', 'import', 'staff')),
  as_of date not null,
  recorded_by bigint references users (id),
  recorded_at timestamptz not null default now(),
  primary key (unit_id, key)
);

-- The facts of each enterprise as one JSON object (kept with enterprise_facts in the same transaction):
-- what the matcher reads, one row an enterprise instead of eight.
create table enterprise_profiles (
  unit_id bigint primary key references units (id),
  facts jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table policies (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  -- the department that maintains it: `policy.manage` over its subtree
  org_id bigint not null references orgs (id),
  org_path text not null,
  title text not null,
  -- 文号, e.g. 厦湖政规〔2026〕1号
  doc_number text not null,
  issuer text not null,
  effective_from date not null,
  effective_to date,
  status text not null default 'effective' check (status in ('draft', 'effective', 'withdrawn', 'superseded')),
  superseded_by bigint references policies (id),
  -- 申报事项 (apply) or 免申即享 (automatic: granted without an application, confirmed by the department)
  mode text not null default 'apply' check (mode in ('apply', 'automatic')),
  -- what it grants, as stated (e.g. 最高奖励 50 万元), and the most in fen when it states one
  benefit text not null default '',
  max_amount_fen bigint check (max_amount_fen is null or max_amount_fen >= 0),
  materials jsonb not null default '[]',
  -- the department that decides an application (a case routed to it)
  decide_org_id bigint references orgs (id),
  version integer not null default 1,
  clauses jsonb not null,
  criteria jsonb not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (effective_to is null or effective_to >= effective_from)
);
create index policies_org_path on policies (org_path text_pattern_ops);

create table policy_versions (
  policy_id bigint not null references policies (id),
  version integer not null,
  title text not null,
  clauses jsonb not null,
  criteria jsonb not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  primary key (policy_id, version)
);

-- The stored matches: every (enterprise, policy in force) pair whose answer is eligible or unknown. An
-- ineligible pair is not stored (decision 0018): it is the default answer, explained on the spot when an
-- enterprise reads its matches, and "almost eligible" (one criterion short) is worked out for one policy
-- when staff ask. `outcomes` holds one character a criterion, in the order of the version's leaves:
-- 'T' met, 'F' failed, '?' its fact missing; with the version's criteria and the enterprise's facts it
-- is the stored reasons, as decided under that version.
-- No foreign keys: the rows are derived and rewritten as a whole by a full match, and a key check a row
-- would double its cost (the matcher only writes ids it has just read).
create table policy_matches (
  unit_id bigint not null,
  policy_id bigint not null,
  version integer not null,
  result text not null check (result in ('eligible', 'unknown')),
  outcomes text not null,
  missing_facts text[] not null default '{}',
  matched_at timestamptz not null default now(),
  primary key (unit_id, policy_id)
);
create index policy_matches_policy on policy_matches (policy_id, result);
