-- Transfers of organizational relationship (组织关系转接) and mobile-member cards (流动党员活动证),
-- issue 4 item 3; RULES.md M1, M3, M4. members.org_id moves when the receiving org accepts (M1: the
-- sending org stays responsible until then); the receipt (回执) completes the transfer (M4).
create table member_transfers (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  direction text not null check (direction in ('internal', 'out', 'in')),
  -- null only for a transfer into the system from outside
  from_org_id bigint references orgs (id),
  -- null only for a transfer out of the system
  to_org_id bigint references orgs (id),
  outside_org_name text,
  outside_letter_no text,
  state text not null default 'pending'
    check (state in ('pending', 'accepted', 'returned', 'completed', 'expired', 'cancelled')),
  reason text not null,
  started_on date not null,
  letter_valid_until date not null,
  started_by bigint references users (id),
  accepted_on date,
  accepted_by bigint references users (id),
  returned_on date,
  return_reason text,
  completed_on date,
  receipt_no text,
  closed_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (direction <> 'internal' or (from_org_id is not null and to_org_id is not null and from_org_id <> to_org_id)),
  check (direction <> 'out' or (from_org_id is not null and to_org_id is null and outside_org_name is not null and outside_letter_no is not null)),
  check (direction <> 'in' or (from_org_id is null and to_org_id is not null and outside_org_name is not null and outside_letter_no is not null))
);
-- one open transfer per member
create unique index member_transfers_open on member_transfers (member_id) where state in ('pending', 'accepted');
create index member_transfers_from on member_transfers (from_org_id, state);
create index member_transfers_to on member_transfers (to_org_id, state);
create index member_transfers_expiry on member_transfers (letter_valid_until) where state = 'pending';

-- Mobile-member cards (M3: absences under 6 months); members.status/mobile_* hold the current card.
create table member_mobile_cards (
  id bigint generated always as identity primary key,
  region_code char(6) not null,
  member_id bigint not null references members (id),
  card_no text not null,
  location text not null,
  valid_from date not null,
  valid_until date not null,
  ended_on date,
  issued_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index member_mobile_cards_member on member_mobile_cards (member_id, id desc);

-- A member whose relationship went out of the system (receipt returned) is no longer held here, but is
-- not 出党 either: a status of its own, so counts, dues and compliance leave them out without losing them.
alter table members drop constraint members_status_check;
alter table members add constraint members_status_check
  check (status in ('normal', 'mobile', 'lost_contact', 'suspended', 'left', 'deceased', 'transferred_out'));
