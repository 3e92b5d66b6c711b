import { addMonths, quoteDues } from '@honglian/domain';
import { sql } from 'kysely';
import { generateLedgerMonths } from '../modules/dues/repository.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';

/**
 * Demo dues: a base for last year and this year for every owing member, the ledger of the last 12
 * months (across a year end when today is early in the year), most of it paid, a few members behind
 * (D11 counts months that have ended: some owe the last 5, a warning; some the last 6, a finding).
 */
export async function loadDemoDues(db: Executor): Promise<{ bases: number; months: number }> {
  const month = clock.month();
  const year = Number(month.slice(0, 4));
  const first = addMonths(month, -11);
  const members = await db
    .selectFrom('members')
    .select(['id', 'region_code', 'birth_date'])
    .where('stage', 'in', ['probationary', 'full'])
    .orderBy('id')
    .execute();
  const rows = [year - 1, year].flatMap((y) =>
    members.map((m) => {
      const retired = Number(m.birth_date.slice(0, 4)) < year - 60;
      const seed = (m.id * 2_654_435_761) % 4_294_967_296;
      const category = retired ? 'retiree' : seed % 11 === 0 ? 'flat' : 'on_job';
      const baseFen =
        category === 'flat'
          ? 50
          : category === 'retiree'
            ? 300_000 + (seed % 40) * 10_000
            : 280_000 + (seed % 120) * 10_000;
      const q = quoteDues({ category, baseFen });
      return {
        region_code: m.region_code,
        member_id: m.id,
        year: y,
        category,
        base_fen: baseFen,
        monthly_fen: q.monthlyFen,
        rate: q.rate,
        rule_id: q.rule.id,
        updated_at: clock.now(),
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('dues_bases')
      .values(rows.slice(i, i + 2000))
      .execute();
  // paid on time, except: every 37th member owes the last 6 ended months, every 41st the last 5, every 13th
  // the last 2 (each of them this month too: D11 counts only months that have ended), and about a third have
  // not paid this month yet; one member of the demo secretary's branch owes the last 6 too, so the
  // secretary is reminded of arrears in his own branch (a member's arrears go to the branch)
  const behind = await sql<{ id: number }>`
    select m.id from members m join users u on u.username = 'secretary' join members s on s.user_id = u.id
    where m.org_id = s.org_id and m.user_id is null and m.stage = 'full'
      and not exists (select 1 from org_committee_members cm where cm.member_id = m.id)
    order by m.id desc limit 1`.execute(db);
  const behindId = behind.rows[0]?.id ?? 0;
  // the twelve months of every region in one statement (what generating each month would give), written
  // paid or owed as they are meant to stand
  await generateLedgerMonths(db, '/', first, month, {
    unpaidWhen: (member, m) => sql<boolean>`
      ((${member} % 37 = 0 or ${member} = ${behindId}) and ${m} > ${addMonths(month, -7)}) or
      (${member} % 41 = 0 and ${m} > ${addMonths(month, -6)}) or
      (${member} % 13 = 0 and ${m} > ${addMonths(month, -3)}) or
      (${member} % 3 = 0 and ${m} = ${month})`,
  });
  const months = 12;
  await sql`
    insert into dues_payments (region_code, member_id, org_id, ledger_id, month, amount_fen, kind, paid_on, method, source)
    select region_code, member_id, org_id, id, month, paid_fen, 'regular', least((month || '-15')::date, ${clock.today()}::date), 'transfer', 'bulk'
    from dues_ledger where status = 'paid' and paid_fen > 0`.execute(db);
  return { bases: rows.length, months };
}
