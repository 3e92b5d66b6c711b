import {
  type Criteria,
  evaluateEligibility,
  FACT_KEYS,
  type Facts,
  type WorkCalendar,
} from '@honglian/domain';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { fileCase } from '../cases/service.ts';
import { markApplied } from './pushes.ts';
import * as repo from './repository.ts';
import { enterpriseAccess } from './service.ts';

/**
 * 申报 (issue 13): applying is a case of the existing loop, not a second one. Each item that takes
 * applications has its own case category (政策申报), routed from the maintaining department's subtree
 * to the department that decides, with the category's working-day deadlines and the loop's rating.
 */

/** The enterprise applies for an item it is eligible for: one case, with the reasons and the materials. */
export async function applyForPolicy(
  trx: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  unitId: number,
  input: { policyId: number; note?: string | undefined },
  idempotencyKey?: string,
) {
  const access = await enterpriseAccess(trx, ctx, unitId);
  if (!access.self) throw new AppError('forbidden', { detail: '政策申报由企业本身提交' });
  const policy = await repo.selectPolicies(trx).where('policies.id', '=', input.policyId).executeTakeFirst();
  if (!policy) throw fieldError('policyId', 'policy.not_found', '未找到该政策');
  const today = clock.today();
  if (
    policy.status !== 'effective' ||
    policy.effective_from > today ||
    (policy.effective_to !== null && policy.effective_to < today)
  )
    throw fieldError('policyId', 'policy.not_in_force', '该政策今天不在有效期内');
  if (policy.mode !== 'apply' || policy.case_category_id === null)
    throw fieldError('policyId', 'policy.no_application', '该政策为免申即享或尚未开通网上申报');
  const facts = (await repo.profileOf(trx, unitId)) as Facts;
  const e = evaluateEligibility(policy.criteria as Criteria, facts, today);
  if (e.result !== 'eligible')
    throw new AppError('policy.not_eligible', {
      detail:
        e.result === 'unknown'
          ? `请先补充：${e.missingFacts.map((f) => FACT_KEYS[f].label).join('、')}`
          : '按目前的企业信息，尚不符合该政策的条件',
    });
  const existing = await trx
    .selectFrom('policy_applications')
    .select('case_id')
    .where('policy_id', '=', policy.id)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  if (existing) throw new AppError('policy.applied', { detail: `已申报，工单编号 ${existing.case_id}` });
  const met = e.reasons.filter((r) => r.met).map((r) => `${r.clause}：${FACT_KEYS[r.fact].label}`);
  const filed = await fileCase(
    trx,
    calendar,
    { ctx, submitActor: `user:${ctx.actor.userId}` },
    {
      categoryId: policy.case_category_id,
      title: `【政策申报】${policy.title}`.slice(0, 200),
      description: [
        `企业：${access.unit.name}`,
        `政策：${policy.title}（${policy.doc_number}，第 ${policy.version} 版）`,
        `符合的条件：${[...new Set(met)].join('；')}`,
        policy.materials.length ? `申报材料：${policy.materials.join('、')}` : '',
        input.note ? `说明：${input.note}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      channel: 'policy',
    },
    idempotencyKey ? `policy:${policy.id}:${idempotencyKey}` : undefined,
  );
  if (!filed.replay) {
    await trx
      .insertInto('policy_applications')
      .values({
        policy_id: policy.id,
        version: policy.version,
        unit_id: unitId,
        case_id: filed.id,
        user_id: ctx.actor.userId,
        created_at: clock.now(),
      })
      .execute();
    // the funnel's last step: the pushes of this item to this enterprise led to an application
    await markApplied(trx, unitId, policy.id, filed.id, clock.now());
    await audit(trx, ctx, {
      action: 'policy.apply',
      entityType: 'policy',
      entityId: policy.id,
      orgPath: access.unit.org_path,
      regionCode: access.unit.region_code,
      after: { unitId, caseId: filed.id, version: policy.version },
    });
  }
  return { caseId: filed.id, policyId: policy.id };
}
