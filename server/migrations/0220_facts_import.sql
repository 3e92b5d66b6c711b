-- 企业画像导入 in two steps like the other ledgers (issue 13 item 1): a facts file is checked into an
-- import batch (its rows keep the enterprise and the values to write in data) and written on commit.
alter table import_batches drop constraint import_batches_kind_check;
alter table import_batches add constraint import_batches_kind_check check (kind in ('members', 'orgs', 'facts'));
