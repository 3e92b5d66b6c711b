import { defaultDocPrefix, defaultIssuerName } from '@honglian/domain';
import type { Executor } from '../platform/context.ts';
import type { GeneratedCity } from './generate.ts';

/**
 * The district and county committees that issue monthly bulletins (seed 001 修水: 月有通报): the
 * monthly job issues theirs on the first working day of each month. Others may be generated on demand.
 */
export const DEMO_BULLETIN_ISSUERS = ['中共厦门市湖里区委员会', '中共修水县委员会'];

export async function loadDemoBulletins(db: Executor, city: GeneratedCity): Promise<{ issuers: number }> {
  const rows = DEMO_BULLETIN_ISSUERS.map((name) => {
    const o = city.orgs.find((x) => x.name === name);
    if (!o) throw new Error(`demo org ${name} missing`);
    return {
      org_id: o.id,
      region_code: o.regionCode,
      doc_prefix: defaultDocPrefix(name),
      issuer_name: defaultIssuerName(name),
      scheduled: true,
    };
  });
  await db.insertInto('bulletin_issuers').values(rows).execute();
  return { issuers: rows.length };
}
