-- What a server process keeps in memory and must notice when another process changes it (issue 11:
-- several processes against one database see a change within a second). Each cached thing has a
-- version row; the code that changes it bumps the version in the same transaction, and a process
-- compares its copy's version at most once a second.
create table cache_versions (
  name text primary key,
  version bigint not null default 0
);
insert into cache_versions (name) values ('calendar');
