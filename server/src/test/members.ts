import { addDays, makeIdNumber, normalizeForSearch } from '@honglian/domain';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';

let serial = 0;

/**
 * `count` members of an organization written straight into the register, for tests that need head
 * counts rather than the import's checks: distinct names, valid distinct ID numbers, born three days apart.
 */
export async function insertMembers(
  db: Executor,
  orgId: number,
  count: number,
  options: {
    /** the name before the serial number */
    label?: string;
    bornFrom?: string;
    gender?: 'male' | 'female';
    stage?: string;
    workUnit?: string | null;
    region?: string;
  } = {},
): Promise<void> {
  const region = options.region ?? '350206';
  const label = options.label ?? '测试党员';
  await db
    .insertInto('members')
    .values(
      Array.from({ length: count }, () => {
        serial++;
        const birth = addDays(options.bornFrom ?? '1975-01-01', serial * 3);
        return {
          org_id: orgId,
          region_code: region,
          name: `${label}${serial}`,
          name_search: normalizeForSearch(`${label}${serial}`),
          id_number: makeIdNumber(region, birth, 100 + (serial % 800)),
          gender: options.gender ?? 'male',
          birth_date: birth,
          stage: options.stage ?? 'full',
          work_unit: options.workUnit ?? null,
          updated_at: clock.now(),
        };
      }),
    )
    .execute();
}
