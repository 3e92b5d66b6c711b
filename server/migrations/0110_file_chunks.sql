-- Large generated files (exports) are stored as ordered chunks of about 1 MiB instead of one
-- `files.content` value, so neither writing nor downloading one holds the whole file in memory
-- (issue 11: a 300,000-member export in constant memory). `files.content` stays for small files
-- (evidence) and files written before this migration; a file has either content or chunks.
create table file_chunks (
  file_id bigint not null references files (id) on delete cascade,
  seq int not null,
  data bytea not null,
  primary key (file_id, seq)
);
