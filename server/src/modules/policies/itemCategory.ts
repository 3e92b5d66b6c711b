import { can } from '../../platform/access.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { createCategory, setCategoryRoute } from '../cases/categories.ts';

/** The item's case category, made (or re-routed) when a policy that takes applications names who decides. */
export async function ensureApplicationCategory(
  trx: Executor,
  ctx: RequestContext,
  policy: { id: number; title: string; org_id: number; mode: string; case_category_id: number | null },
  decideOrgId: number | null,
): Promise<void> {
  if (policy.mode !== 'apply' || decideOrgId === null) return;
  if (!can(ctx.actor, 'case.configure'))
    throw fieldError('decideOrgId', 'policy.decide_org', '您无权为政策申报设置派单规则');
  let categoryId = policy.case_category_id;
  if (categoryId === null) {
    categoryId = await createCategory(trx, ctx, {
      code: `POLICY_${policy.id}`,
      name: `政策申报：${policy.title}`.slice(0, 50),
      groupName: '政策申报',
      description: '企业在政策匹配中申报本政策事项，由审核部门办理答复',
      tier: 'major',
      signHours: 8,
      contactHours: 16,
      completeDays: 10,
      points: 0,
      escalateAfterRedos: 2,
      escalateAfterReturns: 2,
      ratingChangeMinutes: 60,
      attributes: [],
      ownerOrgId: policy.org_id,
    });
    await trx
      .updateTable('policies')
      .set({ case_category_id: categoryId })
      .where('id', '=', policy.id)
      .execute();
  }
  await setCategoryRoute(trx, ctx, categoryId, {
    areaOrgId: policy.org_id,
    handlerOrgId: decideOrgId,
    autoDispatch: true,
  });
}
