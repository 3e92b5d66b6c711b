-- A rating takes effect when its change window ends (issue 10): until then its author may change it and
-- nothing irreversible happens (no 发回重办, no 督办, no points, no close). The window is data per
-- category (0 = at once); the pending rating sits on the case, the `cases.rating_effective` job applies it.
alter table case_categories
  add column rating_change_minutes integer not null default 30
    check (rating_change_minutes between 0 and 1440);
alter table cases
  add column pending_rating text check (pending_rating in ('satisfied', 'basic', 'unsatisfied')),
  add column pending_rating_comment text,
  add column pending_rating_by bigint references users (id),
  add column pending_rating_role text check (pending_rating_role in ('reporter', 'dispatcher')),
  add column pending_rating_at timestamptz,
  add column rating_effective_at timestamptz;
create index cases_rating_due on cases (rating_effective_at) where pending_rating is not null;
