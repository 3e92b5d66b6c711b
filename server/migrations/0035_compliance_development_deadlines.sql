-- Every development time limit the workflow computes (packages/domain development/dueDates.ts, kind
-- 'deadline') is now also a rule the engine checks over a whole subtree: P4 the half-yearly assessment of
-- an activist, P11 the branch meeting within a month of the pre-review, P12 the higher committee's
-- approval within 3 months of the branch meeting, P15 the conversion after probation ends (a warning
-- when probation has ended and the branch has not discussed it, a finding 3 months after). P2 and P13
-- were seeded by 0024. The limits that are only "earliest" (P3, P5, P6) are refused when a step is
-- recorded too early, so nothing can be overdue for them.
insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('P4', 1, '入党积极分子考察超期', '《中国共产党发展党员工作细则》（2014）', '第十一条[?]',
 '党支部每半年对入党积极分子进行一次考察；自确定为入党积极分子或上次考察之日起超过6个月仍未登记考察的，形成问题。',
 'development', 'finding', '2014-06-10', '{"months":6,"escalateAfterWorkdays":5}'),
('P11', 1, '支部大会讨论接收预备党员超期', '《中国共产党发展党员工作细则》（2014）', '第二十三条[?]',
 '上级党委预审后，党支部应在1个月内召开支部大会讨论接收预备党员；超过1个月仍未登记支部大会的，形成问题（超期须重新报上级党委预审）。',
 'development', 'finding', '2014-06-10', '{"months":1,"escalateAfterWorkdays":5}'),
('P12', 1, '上级党委审批预备党员超期', '《中国共产党发展党员工作细则》（2014）', '第二十六条[?]',
 '支部大会通过接收预备党员后，上级党委应在3个月内谈话并审批（特殊情况不超过6个月）；超过3个月仍未登记审批的，形成问题。',
 'development', 'finding', '2014-06-10', '{"months":3,"escalateAfterWorkdays":5}'),
('P15', 1, '预备党员转正超期', '《中国共产党发展党员工作细则》（2014）；《中国共产党章程》', '细则第三十二条[?]；党章第七条',
 '预备期（自支部大会通过之日起1年，另加延长的月数）期满，党支部应及时讨论其能否转正（期满仍未讨论的，预警）；上级党委应在期满后3个月内审批，超期仍未登记转正审批的，形成问题。',
 'development', 'finding', '2014-06-10', '{"probationMonths":12,"months":3,"escalateAfterWorkdays":5}');

-- O8 now also counts development steps, transfers and the cases the branch handles as activity.
update compliance_rules
set description = '党支部连续30日没有任何组织活动（召开会议、收缴党费、发展党员步骤、组织关系转接、承办群众诉求、党员信息变动）的，为"静默支部"。'
where code = 'O8' and version = 1;

-- O8 asks for the latest handler event of each branch's cases (one probe per branch).
create index cases_lead_org on cases (lead_org_id) where lead_org_id is not null;
