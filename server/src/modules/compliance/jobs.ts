import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { refreshFindings as refreshOrgSetupFindings } from '../orgsetup/service.ts';
import { deliverDigests, deliverOrgDigests, InAppChannel, LogChannel } from './channels.ts';
import { sweep, sweepSideBySide } from './engine.ts';

/**
 * The nightly sweep of every tree (on PostgreSQL two rules at a time, each its own transaction; on PGlite
 * each root one transaction), then reminders due now.
 */
export const complianceSweepJob: JobDefinition = {
  label: '合规检查（全部党组织）',
  maxAttempts: 3,
  handler: async (_payload, { db, log, progress }) => {
    const roots = await db.db
      .selectFrom('orgs')
      .select('path')
      .where('parent_id', 'is', null)
      .orderBy('id')
      .execute();
    const calendar = await new CalendarService(db.db).calendar();
    const asOf = clock.today();
    const totals = { roots: roots.length, opened: 0, resolved: 0, reminders: 0, escalated: 0 };
    for (const [i, root] of roots.entries()) {
      const r = await sweepSideBySide(db, root.path, asOf, { calendar });
      totals.opened += r.rules.reduce((n, x) => n + x.opened, 0);
      totals.resolved += r.rules.reduce((n, x) => n + x.resolved, 0);
      totals.reminders += r.reminders;
      totals.escalated += r.escalated;
      await progress(((i + 1) / roots.length) * 100, `已检查 ${i + 1}/${roots.length} 个组织树`);
    }
    // the organization-setup findings (O1/O3/O4/O5, decision 0029) recomputed whole: whatever a
    // change noted or missed, the stored rows agree with the definition once a night
    const orgSetup = await refreshOrgSetupFindings(db.db, { whole: true });
    const channels = [new InAppChannel(), new LogChannel(db.db, log)];
    const delivered = await deliverDigests(db.db, channels);
    const digests = await deliverOrgDigests(db.db, channels);
    return {
      ...totals,
      orgSetupFindings: orgSetup?.rows ?? 0,
      delivered: delivered.reminders,
      orgDigests: digests.users,
    };
  },
};

/**
 * Hands due reminders to the channels as one digest per user, and superiors their digest by
 * organization when something is new (quiet hours end at 08:00).
 */
export const complianceDeliverJob: JobDefinition = {
  label: '发送合规提醒（每人一份汇总）',
  maxAttempts: 3,
  handler: async (_payload, { db, log }) => {
    const channels = [new InAppChannel(), new LogChannel(db.db, log)];
    const delivered = await deliverDigests(db.db, channels);
    const digests = await deliverOrgDigests(db.db, channels);
    return { ...delivered, orgDigests: digests.users };
  },
};

/**
 * The incremental sweep (issue 11): one organization's subtree re-checked after its meetings, dues or
 * members changed (`requestRecheck`), within seconds instead of at night. Findings open and resolve and
 * reminders are written as in the nightly sweep; 督办 waits for the nightly one. The stored
 * organization-setup findings noted as changed are brought up to date as well. An organization gone
 * since the request is skipped.
 */
export const complianceRecheckJob: JobDefinition = {
  label: '合规复查（单个组织变更后）',
  maxAttempts: 3,
  handler: async (payload, { db }) => {
    const orgId = Number((payload as { orgId?: unknown }).orgId);
    const org = await db.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    if (!org) return { orgId, skipped: true };
    // the organization-setup findings noted as changed (by this change or any other) are recomputed
    // too, so the next reader of the list finds nothing left to do
    await refreshOrgSetupFindings(db.db);
    const calendar = await new CalendarService(db.db).calendar();
    const r = await db.db
      .transaction()
      .execute((trx) => sweep(trx, org.path, clock.today(), { calendar, escalate: false }));
    return {
      orgId,
      opened: r.rules.reduce((n, x) => n + x.opened, 0),
      resolved: r.rules.reduce((n, x) => n + x.resolved, 0),
      reminders: r.reminders,
      ms: r.ms,
    };
  },
};
