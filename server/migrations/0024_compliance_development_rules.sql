-- Member development time limits the engine checks (RULES.md P2, P13) over development_records / _steps (0004).
-- The full schedule of a record (every step's due date, both rule sets) stays in packages/domain dueDates;
-- these two are the ones a branch most often misses and that need no per-record rule-set logic.
insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('P2', 1, '入党申请人谈话超期', '《中国共产党发展党员工作细则》（2014）', '第七条[?]',
 '党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话；超过一个月仍未登记谈话的，形成问题。',
 'development', 'finding', '2014-06-10', '{"months":1,"escalateAfterWorkdays":5}'),
('P13', 1, '入党宣誓超期', '《中国共产党发展党员工作细则》（2014）', '第二十八条[?]',
 '预备党员应当在上级党委批准后及时面向党旗进行入党宣誓（通行做法：1个月内）；超期仍未登记宣誓的，形成问题。',
 'development', 'finding', '2014-06-10', '{"months":1,"escalateAfterWorkdays":5}');
