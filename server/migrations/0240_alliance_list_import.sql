-- 联盟清单导入 (issue 12 item 5): the three lists are imported in the two steps of every ledger. A batch
-- of kind alliance_list belongs to one alliance (target_id); its preview and commit answer only there.
alter table import_batches drop constraint import_batches_kind_check;
alter table import_batches add constraint import_batches_kind_check
  check (kind in ('members', 'orgs', 'facts', 'alliance_list'));
alter table import_batches add column target_id bigint;
