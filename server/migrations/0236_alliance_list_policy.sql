-- An item of an alliance's 政策清单 may name the policy of the library it publishes (issue 12: "policies,
-- linking to the policy library"); demands and resources never do.
alter table alliance_list_items add column policy_id bigint references policies (id);
alter table alliance_list_items add constraint alliance_list_items_policy_kind
  check (policy_id is null or kind = 'policy');
create index alliance_list_items_policy on alliance_list_items (policy_id) where policy_id is not null;
