-- 办理凭证 with photos and files (issue 10): the handler uploads them to the case before replying (event_id
-- empty until the reply takes them); the types and the 5 MB limit are the meetings' (platform/files.ts).
alter table case_attachments drop constraint if exists case_attachments_content_type_check;
alter table case_attachments drop constraint if exists case_attachments_size_check;
alter table case_attachments
  add column kind text not null default 'photo' check (kind in ('photo', 'file')),
  add constraint case_attachments_content_type_check check (content_type in (
    'image/jpeg', 'image/png', 'image/webp', 'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  add constraint case_attachments_size_check check (size > 0 and size <= 5242880);
create index case_attachments_pending on case_attachments (case_id) where event_id is null;
