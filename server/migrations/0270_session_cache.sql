-- Who a session cookie belongs to is kept in each process's memory after its first request (issue 11:
-- `SessionCache` in platform/auth.ts). Whatever changes the answer bumps the version row 'sessions' in the
-- changing transaction, and every process reads afresh within a second: a session deleted (sign-out, a
-- disabled account, a reset password), a user's name, status or organization, a role binding, or the
-- path, name or depth of an organization a binding names. A new session, the once-a-minute touch and
-- `last_login_at` change nothing another process holds, so they do not empty the copies.
insert into cache_versions (name) values ('sessions') on conflict do nothing;

create function bump_sessions_cache() returns trigger language plpgsql as $$
begin
  -- a restore loads every table as it was, cache_versions included (platform/backup/logical.ts sets this)
  if coalesce(current_setting('honglian.restoring', true), '') = 'on' then return null; end if;
  update cache_versions set version = version + 1 where name = 'sessions';
  return null;
end $$;

create trigger sessions_sessions_cache after delete on sessions
  for each statement execute function bump_sessions_cache();
create trigger users_sessions_cache after delete or update of status, username, display_name, org_id on users
  for each statement execute function bump_sessions_cache();
create trigger role_bindings_sessions_cache after insert or update or delete on role_bindings
  for each statement execute function bump_sessions_cache();
create trigger orgs_sessions_cache after delete or update of path, name, depth on orgs
  for each statement execute function bump_sessions_cache();
