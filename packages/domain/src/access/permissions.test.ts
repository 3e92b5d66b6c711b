import { describe, expect, it } from 'vitest';
import { beyondGrantor, type Permission, permissionsOf } from './permissions.ts';

describe('beyondGrantor: nobody hands out more than they hold', () => {
  const holding = (ps: readonly Permission[]) => (p: Permission) => ps.includes(p);

  it('an organization department may create 挂钩干部 and 指导员 logins: it answers for guidance.record', () => {
    const dept = holding(permissionsOf('org_admin'));
    expect(permissionsOf('org_admin')).not.toContain('guidance.record');
    expect(beyondGrantor('cadre', dept)).toEqual([]);
    expect(beyondGrantor('instructor', dept)).toEqual([]);
  });

  it('without instructor.manage the same role is refused, naming guidance.record', () => {
    const secretary = holding(permissionsOf('branch_admin'));
    expect(beyondGrantor('cadre', secretary)).toContain('guidance.record');
    const deptWithout = holding(permissionsOf('org_admin').filter((p) => p !== 'instructor.manage'));
    expect(beyondGrantor('cadre', deptWithout)).toEqual(['guidance.record']);
  });

  it('delegation reaches only guidance.record: case.handle stays with those who hold it', () => {
    const dept = holding(permissionsOf('org_admin'));
    expect(beyondGrantor('handler', dept)).toContain('case.handle');
  });
});
