-- Issue 9: an audit event says which API token acted when the request was authenticated by one (null
-- for a session, the system or a job). No foreign key, like actor_id: the audit outlives what it names.
alter table audit_events add column token_id bigint;
create index audit_events_token on audit_events (token_id, at desc) where token_id is not null;
