-- Rules the engine did not check (issue 9 §3): O2 the forms of branch-level organizations, M3 mobile
-- members away together. Both are warnings: the rules say "一般" and "可以", and a person decides.
insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('O2', 1, '联合党支部覆盖单位和项目党支部', '《中国共产党支部工作条例（试行）》（2018）', '第二章（组织设置）第五条[待核]',
 '正式党员不足3人的单位成立联合党支部，联合党支部覆盖单位一般不超过5个（超过的，预警）；为期6个月以上的工程、工作项目等，符合条件的，应当成立党支部（临时党支部存续满6个月的，预警，由上级党组织研究是否成立党支部）。',
 'org', 'warning', '2018-10-28', '{"maxJointUnits":5,"projectMonths":6,"escalateAfterWorkdays":5}'),
('M3', 1, '外出党员相对集中可建临时党支部', '《中国共产党党员教育管理工作条例》（2019）', '流动党员管理[条款号待核]',
 '同一党支部3名以上党员持流动党员活动证外出到同一地点的，可以成立临时党支部（或依托流入地成立流动党员党支部）。预警，由党支部研究；该地已有以其命名的临时党支部的，不再提示。',
 'org', 'warning', '2019-05-06', '{"minMembers":3,"escalateAfterWorkdays":5}');
