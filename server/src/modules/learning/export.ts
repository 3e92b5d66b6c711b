import ExcelJS from 'exceljs';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import { getAssignment } from './service.ts';

const STATE = { on_time: '按期完成', late: '逾期完成', overdue: '逾期未完成', pending: '未完成' } as const;

/**
 * 学习完成情况: one sheet of every member the assignment reaches (who finished, who did not — the list a
 * secretary chases) and one of each branch's figures. An assignment reaches a subtree's members: at
 * most a few thousand rows, so the workbook is built in memory like the alliances' lists.
 */
export async function exportCompletion(db: Executor, ctx: RequestContext, id: number) {
  const a = await getAssignment(db, ctx, id);
  const book = new ExcelJS.Workbook();
  const people = book.addWorksheet('党员完成情况');
  people.columns = [
    { header: '所在党组织', width: 36 },
    { header: '姓名', width: 12 },
    { header: '完成情况', width: 12 },
    { header: '已完成资料', width: 12 },
    { header: '资料总数', width: 10 },
    { header: '学习进度（%）', width: 14 },
    { header: '学习时长（分钟）', width: 16 },
    { header: '完成时间', width: 22 },
  ];
  for (const m of a.members)
    people.addRow([
      m.orgName,
      m.name,
      STATE[m.state],
      m.finishedMaterials,
      m.materials,
      m.progress,
      m.minutes,
      m.finishedAt ? toShanghaiIso(m.finishedAt) : '',
    ]);
  people.getRow(1).font = { bold: true };
  const branches = book.addWorksheet('各支部完成率');
  branches.columns = [
    { header: '党组织', width: 36 },
    { header: '应学人数', width: 10 },
    { header: '已完成人数', width: 12 },
    { header: '完成率（%）', width: 12 },
  ];
  for (const b of a.branches) branches.addRow([b.orgName, b.reached, b.finished, b.rate]);
  branches.addRow(['合计', a.reached, a.finished, a.rate]);
  branches.getRow(1).font = { bold: true };
  return { title: a.title, dueOn: a.dueOn, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
