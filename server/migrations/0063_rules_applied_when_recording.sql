-- Rules applied by the modules as something is recorded, kept as rule rows so a region can override
-- their parameters through the same API as the engine's rules (PUT /api/v1/compliance/rules/{code}/
-- overrides/{regionPrefix}). They have no detector: the engine does not sweep them.

-- P3: no national minimum between the application and the designation as activist; some regions ask
-- for 6 months. The development workflow refuses an earlier designation where the region sets it.
insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('P3', 1, '确定入党积极分子（地方规定的申请时长）', '《中国共产党发展党员工作细则》（2014）', '第八条[待核]',
 '入党积极分子由支部委员会研究决定，并报上级党委备案。全国未规定入党申请递交后多久方可确定为入党积极分子；地方规定的（如递交申请满6个月），确定入党积极分子时按地方参数检查，不满的不予登记。',
 'development', 'finding', '2014-06-10', '{"activistMinApplicationMonths":0}'),
-- D4: flat monthly amounts (第六条): farmers 0.2–1 元, students, the unemployed and those living on
-- relief or 低保 0.2 元; regions may set other flat amounts. Setting a base checks the amount.
('D4', 1, '定额交纳党费的标准', '《关于中国共产党党费收缴、使用和管理的规定》（2008）', '第六条',
 '农民党员每月交纳党费0.2元至1元；学生党员、下岗失业党员、依靠抚恤或救济生活的党员、领取当地最低生活保障金的党员，每月交纳党费0.2元。各地可规定其他定额标准（地方参数）。核定定额党费时，金额须在标准之内。',
 'member', 'finding', '2008-02-26',
 '{"farmerMinFen":20,"farmerMaxFen":100,"studentFen":20,"unemployedFen":20,"reliefFen":20,"subsistenceFen":20}');
