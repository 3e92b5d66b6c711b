-- The first contact with the reporter is recorded once (issue 10): the time sits on the case, so the
-- action is offered only while it is empty and a second one can be refused under the case's row lock.
alter table cases add column first_contacted_at timestamptz;
update cases set first_contacted_at = (
  select min(e.at) from case_events e where e.case_id = cases.id and e.action = 'contact'
);
