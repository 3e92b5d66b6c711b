-- D4: whose flat amount a base is (农民 0.2–1 元; 学生、下岗失业、依靠抚恤或救济、领取低保 0.2 元; or the
-- region's amounts, compliance rule D4's parameters). Null for the income-based categories, and for flat
-- bases set before this column existed (their amount is then checked against every group's).
alter table dues_bases add column flat_group text
  check (flat_group is null or flat_group in ('farmer', 'student', 'unemployed', 'relief', 'subsistence'));

-- 两个覆盖: work coverage counts units without an organization that a Party-building instructor
-- (党建工作指导员) OR a liaison (党建联络员) reaches (RULES.md, Identifiers). Both are assignments of a
-- person to a unit; the role tells them apart.
alter table instructor_assignments add column role text not null default 'instructor'
  check (role in ('instructor', 'liaison'));
