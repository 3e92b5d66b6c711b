-- Bids withdrawn and edited, nominees withdrawn (issue 12 leftovers; docs/decisions/0028-challenges.md
-- and 0019-alliances-access.md, addenda). A withdrawn bid stays (status 'withdrawn', with its reason)
-- so the poster sees who withdrew; it is neither scored nor awarded. A nominee already had the status
-- 'withdrawn'; the reason and the time are now kept with it.
alter table project_bids drop constraint project_bids_status_check;
alter table project_bids add constraint project_bids_status_check
  check (status in ('submitted', 'awarded', 'not_awarded', 'withdrawn'));
alter table project_bids add column withdraw_reason text not null default '';
alter table project_bids add column withdrawn_at timestamptz;
alter table project_bids add column updated_at timestamptz;

alter table selection_nominees add column withdraw_reason text not null default '';
alter table selection_nominees add column withdrawn_at timestamptz;
