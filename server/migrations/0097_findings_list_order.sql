-- The findings list is read in keyset pages (newest first, the id breaking ties): a page after a
-- cursor is a range scan of this index from the cursor's key, so the last page of a city's findings
-- costs what the first does. The partial twin serves the console's default (open findings only).
create index findings_list_order on findings (opened_at desc, id desc);
create index findings_open_list_order on findings (opened_at desc, id desc) where status = 'open';
