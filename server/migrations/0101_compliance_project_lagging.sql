-- J1 项目推进滞后 (issue 15): a project whose progress lags its planned progress by `lagPoints` points or
-- more becomes a finding of its lead organization, reminded and escalated to the superior like every
-- other finding; it resolves itself when the project catches up. The source is the practice the seeds
-- describe, not an article of a Party regulation: Xiushui's 书记领航 projects "月有通报、季有调度、年终有
-- 评比", where 5 lagging project heads answered for it before the leading group (seed 001), and
-- Jinjiang's 26 tasks with back-scheduled milestones measured against time (超时序, seed 002).
alter table compliance_rules drop constraint compliance_rules_subject_type_check;
alter table compliance_rules add constraint compliance_rules_subject_type_check
  check (subject_type in ('org', 'member', 'unit', 'transfer', 'development', 'term', 'project'));

insert into compliance_rules (code, version, name, source, article, description, subject_type, severity, valid_from, params) values
('J1', 1, '项目推进滞后', '书记领航项目“月有通报、季有调度、年终有评比”推进机制（修水县）；重点任务“倒排节点”（晋江经济开发区）',
 '地方做法：推进滞后项目负责人作表态发言',
 '项目实际进度（已完成节点权重之和）落后于计划进度（计划完成日期在今天及以前的节点权重之和）达到10个百分点的，形成问题，提醒牵头党组织，逾期未整改的向上级党委督办；项目赶上进度后自动销号。只检查设有节点的项目（子项目），上级项目的进度由子项目汇总。',
 'project', 'finding', '2020-01-01', '{"lagPoints":10,"escalateAfterWorkdays":5}');
