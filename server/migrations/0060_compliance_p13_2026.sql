-- P13 (the oath within 1 month of the higher committee's approval) is a limit of the 2026 revision of the
-- 发展党员工作细则 only (RULES.md P13 "2026 text"; packages/domain development/rules.ts: only the 2026
-- set has the deadline). Version 1 cited the 2014 细则 for it and was checked against every record.
-- Version 1 now ends the day before the 2026 set comes into force; version 2 cites the 2026 text,
-- whose article number is not known here. The detector applies the limit only to approvals recorded
-- under the 2026 set, whichever version is in force on the day of the sweep.
update compliance_rules set valid_to = '2026-04-30'
where code = 'P13' and version = 1;

insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('P13', 2, '入党宣誓超期', '《中国共产党发展党员工作细则（2026年修订）》', '（条款号待核）',
 '上级党委批准后1个月内组织预备党员面向党旗进行入党宣誓（2026年修订的细则；按2014年细则批准的，细则未规定宣誓期限，不检查）。超过1个月仍未登记宣誓的，形成问题。',
 'development', 'finding', '2026-05-01', '{"months":1,"escalateAfterWorkdays":5}');
