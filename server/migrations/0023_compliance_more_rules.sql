-- More rules for the compliance engine over the tables of organization setup (0006) and transfers (0005):
-- O5 terms expiring or overdue, O1 a unit that should have its own branch, M4 transfer letters overdue.
insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('O5', 1, '按期换届', '《中国共产党支部工作条例（试行）》（2018）、《中国共产党章程》', '支部工作条例第二十条[?]；党章第三十一条',
 '任期届满前6个月提醒做好换届准备（预警）；任期届满仍未换届的，形成问题。',
 'term', 'finding', '2018-10-28', '{"remindMonthsBefore":6,"escalateAfterWorkdays":5}'),
('O1', 1, '应建未建党支部', '《中国共产党支部工作条例（试行）》（2018）', '第四条',
 '正式党员3人以上的单位，应当成立党支部；尚未单独成立的，形成问题，由其所属党组织推动组建。',
 'unit', 'finding', '2018-10-28', '{"minFullMembers":3,"escalateAfterWorkdays":5}'),
('M4', 1, '组织关系转接超期', '《中国共产党党员教育管理工作条例》（2019）', '第二十九条[?]（介绍信有效期、回执为通行做法）',
 '组织关系介绍信超过有效期仍未接收，或已过期未重新开具；接收后超过1个月未退回回执的，形成问题，由转出党组织跟进。',
 'transfer', 'finding', '2019-05-06', '{"receiptMonths":1,"escalateAfterWorkdays":5}');
