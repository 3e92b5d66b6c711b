-- Service teams and honours per alliance (issue 12 item 7; docs/decisions/0019-alliances-access.md,
-- addendum): a volunteer team (党员服务队, 突击队, 红链服务队) and a selection (党员示范岗, 红领工匠) may belong
-- to an alliance. The alliance's office organization runs them (their org_id is the office); members
-- are drawn from the people of the alliance's member organizations. No second teams or selections engine.
alter table volunteer_teams add column alliance_id bigint references alliances (id);
create index volunteer_teams_alliance on volunteer_teams (alliance_id) where alliance_id is not null;
alter table selections add column alliance_id bigint references alliances (id);
create index selections_alliance on selections (alliance_id) where alliance_id is not null;
