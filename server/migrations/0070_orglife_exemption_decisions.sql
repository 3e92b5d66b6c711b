-- Issue 9: an organization cannot exempt itself from organizational life and its compliance checks.
-- An exemption is decided above the organization (orglife.manage over its parent); the row keeps the
-- decision: who decided, on behalf of which superior organization, when (and `reason`, why). Rows
-- recorded before this rule have none of the three (`approved_by` is then all that is known).
alter table orglife_exemptions
  add column decided_by bigint references users (id),
  add column decided_org_id bigint references orgs (id),
  add column decided_at timestamptz,
  add constraint orglife_exemptions_decision check (
    (decided_by is null and decided_org_id is null and decided_at is null)
    or (decided_by is not null and decided_org_id is not null and decided_at is not null)
  );
