import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import {
  applyTransition,
  availableActions,
  CASE_STATE_CODES,
  CASE_TRANSITIONS,
  type CaseRole,
  type CaseSnapshot,
  type CaseState,
  initialSnapshot,
  type TransitionInput,
} from './machine.ts';

const snap = (state: CaseState, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  ...initialSnapshot(),
  state,
  ...extra,
});
const roles = (...r: CaseRole[]) => new Set<CaseRole>(r);
const FULL: TransitionInput = {
  reason: '原因',
  reply: '已处理',
  evidence: '现场照片',
  leadOrgId: 7,
  days: 3,
  rating: 'satisfied',
  duplicateOf: 9,
};
const ALL_ROLES = roles('dispatcher', 'handler', 'supervisor', 'reporter');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
}

describe('case state machine', () => {
  // every action × every state: allowed exactly when the state is one of its `from` states
  for (const t of CASE_TRANSITIONS) {
    for (const state of CASE_STATE_CODES) {
      const pending = t.action === 'approve_extension' ? 3 : null;
      const allowed = (t.from as readonly CaseState[]).includes(state);
      it(`${allowed ? 'allows' : 'refuses'} ${t.action} from ${state}`, () => {
        const code = codeOf(() =>
          applyTransition(
            snap(state, { pendingExtensionDays: pending, previousState: 'signed' }),
            t.action,
            FULL,
            ALL_ROLES,
          ),
        );
        expect(code).toBe(allowed ? undefined : 'case.transition');
      });
    }
    it(`refuses ${t.action} to a caller without the part (${t.by.join('/')})`, () => {
      const others = (['dispatcher', 'handler', 'supervisor', 'reporter'] as CaseRole[]).filter(
        (r) => !(t.by as readonly CaseRole[]).includes(r),
      );
      const from = t.from[0] as CaseState;
      expect(
        codeOf(() =>
          applyTransition(snap(from, { pendingExtensionDays: 3 }), t.action, FULL, new Set(others)),
        ),
      ).toBe('case.forbidden');
    });
  }

  it('requires a reason to reject, suspend and return, evidence to reply, a case to merge into', () => {
    const err = (s: CaseState, a: string, input: TransitionInput) => {
      try {
        applyTransition(snap(s), a, input, ALL_ROLES);
        return null;
      } catch (e) {
        return isDomainError(e) ? `${e.code}:${e.field}` : 'other';
      }
    };
    expect(err('submitted', 'reject', { reason: '  ' })).toBe('case.required:reason');
    expect(err('in_progress', 'suspend', {})).toBe('case.required:reason');
    expect(err('signed', 'return', {})).toBe('case.required:reason');
    expect(err('in_progress', 'reply', { reply: '已处理' })).toBe('case.required:evidence');
    expect(err('in_progress', 'reply', { reply: '已处理', evidenceAttachments: 1 })).toBeNull();
    expect(err('visiting', 'merge', {})).toBe('case.required:duplicateOf');
    expect(err('accepted', 'dispatch', {})).toBe('case.required:leadOrgId');
    expect(err('in_progress', 'request_extension', { reason: '等待材料', days: 0 })).toBe(
      'case.required:days',
    );
  });

  it('sends an unsatisfied rating back for redo with the supervision level raised', () => {
    const r = applyTransition(
      snap('visiting'),
      'rate',
      { rating: 'unsatisfied', reason: '仍未解决' },
      roles('reporter'),
    );
    expect(r.to).toBe('in_progress');
    expect(r.redo).toBe(true);
    expect(r.next.redoCount).toBe(1);
    expect(r.next.supervisionLevel).toBe(1);
    expect(r.verifiedClose).toBe(false);
  });

  it('closes as verified on a satisfied or basically satisfied rating', () => {
    for (const rating of ['satisfied', 'basic'] as const) {
      const r = applyTransition(snap('replied'), 'rate', { rating }, roles('reporter'));
      expect(r.to).toBe('closed');
      expect(r.closureReason).toBe('resolved');
      expect(r.verifiedClose).toBe(true);
    }
  });

  it('escalates on the third redo, not before', () => {
    const second = applyTransition(
      snap('visiting', { redoCount: 1, supervisionLevel: 1 }),
      'rate',
      { rating: 'unsatisfied', reason: '仍未解决' },
      roles('reporter'),
    );
    expect(second.escalatedNow).toBe(false);
    expect(second.next.supervisionLevel).toBe(2);
    const third = applyTransition(
      snap('visiting', { redoCount: 2, supervisionLevel: 2 }),
      'rate',
      { rating: 'unsatisfied', reason: '仍未解决' },
      roles('reporter'),
    );
    expect(third.escalatedNow).toBe(true);
    expect(third.next.escalated).toBe(true);
    expect(third.next.supervisionLevel).toBe(3);
  });

  it("escalates after the category's own number of redos", () => {
    const limits = { redos: 2, returns: 3 };
    const second = applyTransition(
      snap('visiting', { redoCount: 1, supervisionLevel: 1 }),
      'rate',
      { rating: 'unsatisfied', reason: '仍未解决' },
      roles('reporter'),
      limits,
    );
    expect(second.escalatedNow).toBe(true);
    expect(second.next.supervisionLevel).toBe(3);
  });

  it('escalates when the third unit has its return approved', () => {
    const r = applyTransition(
      snap('return_requested', { returnCount: 2, previousState: 'signed' }),
      'approve_return',
      {},
      roles('dispatcher'),
    );
    expect(r.to).toBe('accepted');
    expect(r.next.returnCount).toBe(3);
    expect(r.escalatedNow).toBe(true);
    const two = applyTransition(
      snap('return_requested', { returnCount: 1 }),
      'approve_return',
      {},
      roles('dispatcher'),
    );
    expect(two.escalatedNow).toBe(false);
  });

  it('refusing a return goes back to where the case was', () => {
    const asked = applyTransition(snap('signed'), 'return', { reason: '不属本单位职责' }, roles('handler'));
    expect(asked.next.previousState).toBe('signed');
    const refused = applyTransition(
      asked.next,
      'refuse_return',
      { reason: '属于职责范围' },
      roles('dispatcher'),
    );
    expect(refused.to).toBe('signed');
  });

  it('merges a duplicate as closed with reason duplicate, without crediting', () => {
    const r = applyTransition(snap('dispatched'), 'merge', { duplicateOf: 3 }, roles('dispatcher'));
    expect(r.to).toBe('closed');
    expect(r.closureReason).toBe('duplicate');
    expect(r.verifiedClose).toBe(false);
  });

  it('offers only what the caller may do, and an extension approval only when one is pending', () => {
    const actions = (s: CaseSnapshot, r: Set<CaseRole>) => availableActions(s, r).map((t) => t.action);
    expect(actions(snap('dispatched'), roles('handler'))).toEqual(['sign', 'return']);
    expect(actions(snap('dispatched'), roles('reporter'))).toEqual([]);
    expect(actions(snap('in_progress'), roles('handler'))).toContain('request_extension');
    expect(actions(snap('in_progress', { pendingExtensionDays: 2 }), roles('handler'))).not.toContain(
      'request_extension',
    );
    expect(actions(snap('in_progress'), roles('dispatcher'))).not.toContain('approve_extension');
    expect(actions(snap('in_progress', { pendingExtensionDays: 2 }), roles('dispatcher'))).toContain(
      'approve_extension',
    );
    expect(actions(snap('visiting'), roles('reporter'))).toEqual(['rate']);
  });
});

describe('first contact (记录首次联系) is recorded once', () => {
  it('is offered until recorded, then neither offered nor allowed', () => {
    const handler = roles('handler');
    expect(availableActions(snap('signed'), handler).map((t) => t.action)).toContain('contact');
    const done = applyTransition(snap('signed'), 'contact', FULL, handler);
    expect(done.next.contacted).toBe(true);
    expect(done.to).toBe('signed');
    const after = { ...done.next, state: 'in_progress' as const };
    expect(availableActions(after, handler).map((t) => t.action)).not.toContain('contact');
    expect(codeOf(() => applyTransition(after, 'contact', FULL, handler))).toBe('case.contact_recorded');
  });
});
