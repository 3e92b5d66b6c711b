-- The compliance engine (issue 6 items 3–5): rules as data with source, article, version and date range;
-- regional overrides that change parameters only; findings that open, stay open while true and resolve
-- themselves; reminders with quiet hours and digests; supervision (督办) with its events; published
-- red/black lists. The engine never takes a disciplinary decision: it only reports and reminds.
create table compliance_rules (
  code text not null,
  version integer not null check (version > 0),
  name text not null,
  source text not null,
  article text not null,
  description text not null,
  -- what a finding is about: an organization, a member, a unit, a transfer, a development record
  subject_type text not null check (subject_type in ('org', 'member', 'unit', 'transfer', 'development', 'term')),
  severity text not null default 'finding' check (severity in ('warning', 'finding')),
  valid_from date not null,
  valid_to date,
  params jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (code, version),
  check (valid_to is null or valid_to >= valid_from)
);

-- A region (GB/T 2260 prefix) changes parameters of a national rule; it cannot remove the rule.
create table compliance_rule_overrides (
  id bigint generated always as identity primary key,
  rule_code text not null,
  region_prefix text not null check (region_prefix ~ '^[0-9]{2,6}$'),
  params jsonb not null check (jsonb_typeof(params) = 'object'),
  note text not null default '',
  updated_by bigint references users (id),
  updated_at timestamptz not null default now(),
  unique (rule_code, region_prefix)
);

create table findings (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  rule_code text not null,
  rule_version integer not null,
  -- the organization that must act, and its path for scoped reads
  org_id bigint not null references orgs (id),
  org_path text not null,
  subject_type text not null,
  subject_id bigint not null,
  -- what part of the rule (a meeting kind, 'expiring'/'overdue'), '' when the rule has one
  aspect text not null default '',
  -- the period checked ('2026-Q3', '2026-10', '2026'), '' when the finding is not periodic
  period text not null default '',
  period_start date,
  -- the day after the period (exclusive end); the sweep re-checks periods ending inside its look-back window
  period_end date,
  severity text not null check (severity in ('warning', 'finding')),
  status text not null default 'open' check (status in ('open', 'resolved')),
  -- since when the data shows it (a period's end, the last activity + 30 days, the first unpaid month)
  since date,
  opened_at timestamptz not null,
  last_seen_at timestamptz not null,
  resolved_at timestamptz,
  -- null: resolved by the sweep because the data no longer shows it
  resolved_by bigint references users (id),
  message text not null,
  details jsonb not null default '{}',
  escalation_level integer not null default 0,
  escalated_at timestamptz,
  deadline date
);
-- a finding never duplicates: one open row per rule, subject, aspect and period
create unique index findings_open_key on findings (rule_code, subject_type, subject_id, aspect, period, region_code)
  where status = 'open';
create index findings_open_path on findings (org_path text_pattern_ops) where status = 'open';
create index findings_org on findings (org_id, status);
create index findings_rule_status on findings (rule_code, status, last_seen_at);

create table finding_events (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  finding_id bigint not null references findings (id) on delete cascade,
  kind text not null check (kind in ('opened', 'comment', 'deadline', 'escalated', 'resolved')),
  -- null: the platform (the sweep)
  actor_id bigint references users (id),
  actor_name text not null,
  body text not null default '',
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index finding_events_finding on finding_events (finding_id, id);

create table reminders (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  user_id bigint not null references users (id) on delete cascade,
  finding_id bigint not null references findings (id) on delete cascade,
  kind text not null check (kind in ('remind', 'escalate', 'warn')),
  -- the escalation level it was sent for (0 for the first reminder)
  level integer not null default 0,
  title text not null,
  body text not null,
  created_at timestamptz not null default now(),
  -- quiet hours (22:00–08:00 Asia/Shanghai) push delivery to 08:00
  deliver_after timestamptz not null,
  delivered_at timestamptz,
  read_at timestamptz,
  unique (finding_id, user_id, kind, level)
);
create index reminders_user on reminders (user_id, created_at desc);
create index reminders_due on reminders (deliver_after) where delivered_at is null;

-- What each outside channel sent: one digest per user per run.
create table channel_deliveries (
  id bigint generated always as identity primary key,
  channel text not null,
  user_id bigint not null references users (id) on delete cascade,
  reminder_ids bigint[] not null,
  title text not null,
  body text not null,
  delivered_at timestamptz not null default now()
);
create index channel_deliveries_user on channel_deliveries (user_id, delivered_at desc);

-- 红黑榜 as published: a snapshot, with who published it and when.
create table published_lists (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  org_id bigint not null references orgs (id),
  org_path text not null,
  title text not null,
  definition text not null,
  red jsonb not null,
  black jsonb not null,
  published_by bigint not null references users (id),
  published_by_name text not null,
  published_at timestamptz not null default now()
);
create index published_lists_org on published_lists (org_path text_pattern_ops, published_at desc);

-- The silent-branch rule (O8) asks for each branch's latest payment; the ledger indexes serve months only.
create index dues_payments_org_paid_on on dues_payments (org_id, paid_on);
-- D11 reads only the unpaid months of a subtree, then each member's last paid month by (member_id, month desc)
create index dues_ledger_unpaid on dues_ledger (member_id, month) where status in ('unpaid', 'partial');

-- M2 needs to know since when a member is lost contact: members.status_since follows status changes.
alter table members add column status_since date;
update members set status_since = updated_at::date;
create function members_status_since() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    new.status_since := coalesce(new.status_since, current_date);
    if tg_op = 'UPDATE' and new.status_since is not distinct from old.status_since then
      new.status_since := current_date;
    end if;
  end if;
  return new;
end $$;
create trigger members_status_since before insert or update of status on members
  for each row execute function members_status_since();

insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('O6', 1, '"三会一课"和主题党日按期召开', '《中国共产党支部工作条例（试行）》（2018）', '第十九条',
 '支部党员大会一般每季度1次，支部委员会会议一般每月1次，党小组会一般每月1次，主题党日每月1次，党课每年至少1次（各地可规定每季度）。期间结束仍未召开的，形成问题。',
 'org', 'finding', '2018-10-28',
 '{"branch_general":"quarter","branch_committee":"month","group":null,"theme_day":"month","lecture":"year","lookbackMonths":12,"escalateAfterWorkdays":5}'),
('O7', 1, '组织生活会和民主评议党员每年开展', '《中国共产党支部工作条例（试行）》（2018）', '第二十条、第二十一条',
 '党支部每年至少召开1次组织生活会，一般每年开展1次民主评议党员。上一年度未开展的，形成问题。',
 'org', 'finding', '2018-10-28',
 '{"life_meeting":"year","review":"year","lookbackMonths":12,"escalateAfterWorkdays":5}'),
('O8', 1, '静默支部', '《中国共产党支部工作条例（试行）》（2018）及各地支部标准化规范化建设要求', '第十九条[?]',
 '党支部连续30日既无会议活动、又无党费缴纳、也无党员信息变动的，为"静默支部"。',
 'org', 'finding', '2018-10-28', '{"days":30,"escalateAfterWorkdays":5}'),
('D10', 1, '党费台账按月生成', '《关于中国共产党党费收缴、使用和管理的规定》（2008）', '第十二条',
 '党员应当按月交纳党费。党支部有应交党费的党员，而上月的党费台账未生成的，形成问题。',
 'org', 'finding', '2008-02-26', '{"lookbackMonths":3,"escalateAfterWorkdays":5}'),
('D11', 1, '连续欠交党费', '《关于中国共产党党费收缴、使用和管理的规定》（2008）', '第十三条；《中国共产党章程》第九条',
 '连续5个月未交纳党费的提醒党支部；连续6个月不交纳党费的，形成问题，由党支部研究处理（是否按自行脱党处理由党组织决定，系统不自动处理）。',
 'member', 'finding', '2008-02-26', '{"warnAt":5,"findingAt":6,"escalateAfterWorkdays":5}'),
('M2', 1, '失去联系的党员', '《中国共产党党员教育管理工作条例》（2019）', '第三十一条[?]',
 '党员失去联系满6个月的，形成问题，由党组织研究是否停止党籍；系统不自动处理。',
 'member', 'finding', '2019-05-06', '{"months":6,"escalateAfterWorkdays":5}');

-- Regional override example: 龙岩 asks for a Party lecture every quarter (RULES.md O6 "many regions").
insert into compliance_rule_overrides (rule_code, region_prefix, params, note)
values ('O6', '3508', '{"lecture":"quarter"}', '龙岩市：党课每季度至少1次');
