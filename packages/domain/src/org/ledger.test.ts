import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../identity/creditCode.ts';
import {
  checkOrgRow,
  type KnownOrg,
  type OrgImportRow,
  orgImportColumnOf,
  orgImportOrder,
  orgTypeOfLabel,
  resolveOrgImport,
  splitOrgPath,
} from './ledger.ts';

const TODAY = '2026-11-23';
const CODE = makeCreditCode('91350200MA2Y0TEX1');

describe('reading an organization ledger row', () => {
  it('knows the template headers and their usual aliases', () => {
    expect(orgImportColumnOf('*组织名称')).toBe('name');
    expect(orgImportColumnOf('党组织类别')).toBe('type');
    expect(orgImportColumnOf('上级党组织')).toBe('parent');
    expect(orgImportColumnOf('统一社会信用代码')).toBe('unit');
    expect(orgImportColumnOf('备注')).toBeUndefined();
  });

  it('reads a type by its Chinese label or its code, and a parent path with any separator', () => {
    expect(orgTypeOfLabel('党支部')).toBe('branch');
    expect(orgTypeOfLabel(' 功能型党组织 ')).toBe('functional');
    expect(orgTypeOfLabel('general_branch')).toBe('general_branch');
    expect(orgTypeOfLabel('支部')).toBeUndefined();
    expect(splitOrgPath('厦门市委 / 湖里区委＞某街道工委')).toEqual(['厦门市委', '湖里区委', '某街道工委']);
  });

  it('accepts a clean row and normalizes names for comparison', () => {
    const { row, problems } = checkOrgRow(
      {
        name: '湖裡區示例黨支部',
        type: '党支部',
        parent: '中共厦门市委员会/中共厦门市湖里区委员会',
        unit: CODE.toLowerCase(),
        establishedOn: '2020/7/1',
        regionCode: 350206,
      },
      TODAY,
    );
    expect(problems).toEqual([]);
    expect(row).toMatchObject({
      key: '湖里区示例党支部',
      type: 'branch',
      parentPath: ['中共厦门市委员会', '中共厦门市湖里区委员会'],
      unit: { creditCode: CODE },
      establishedOn: '2020-07-01',
      regionCode: '350206',
    });
    expect(
      checkOrgRow({ name: '甲', type: '党委', parent: '乙', unit: '厦门某公司' }, TODAY).row.unit,
    ).toEqual({
      name: '厦门某公司',
      key: '厦门某公司',
    });
  });

  it('names the column and the Chinese reason of every problem', () => {
    const bad = `${CODE.slice(0, 17)}${CODE[17] === '0' ? '1' : '0'}`;
    const { problems } = checkOrgRow(
      { name: '', type: '支部', parent: '', unit: bad, establishedOn: '2020-02-30', regionCode: '35020' },
      TODAY,
    );
    expect(problems.map((p) => [p.column, p.code])).toEqual([
      ['组织名称', 'import.required'],
      ['组织类别', 'import.org_type'],
      ['上级组织', 'import.required'],
      ['所在单位', 'credit_code.checksum'],
      ['成立日期', 'import.date'],
      ['行政区划代码', 'import.region'],
    ]);
    expect(problems[1]?.message).toBe(
      '组织类别应为：党委、党总支、党支部、联合党支部、临时党支部、功能型党组织',
    );
    expect(
      checkOrgRow({ name: '甲', type: '党委', parent: '乙', establishedOn: '2026-11-24' }, TODAY).problems,
    ).toEqual([{ column: '成立日期', code: 'import.date_future', message: '成立日期不能晚于今天' }]);
    expect(
      checkOrgRow({ name: '甲', type: '党委', parent: '乙', regionCode: '999999' }, TODAY).problems[0]
        ?.message,
    ).toBe('系统中没有行政区划代码 999999');
    expect(
      checkOrgRow({ name: '甲', type: '党委', parent: '乙', unit: 'ABC123456789012' }, TODAY).problems[0]
        ?.code,
    ).toBe('credit_code.format');
  });
});

// ------------------------------------------------------------------ resolving parents

const org = (
  id: number,
  key: string,
  type: string,
  parentId: number | null,
  ancestors: string[],
  more: Partial<KnownOrg> = {},
): KnownOrg => ({
  id,
  key,
  name: key,
  type,
  parentId,
  status: 'active',
  ancestors,
  creatable: true,
  ...more,
});
const row = (
  rowNo: number,
  key: string,
  type: OrgImportRow['type'],
  parent: string,
  ok = true,
): OrgImportRow => ({
  rowNo,
  key,
  type,
  parentText: parent,
  parentPath: splitOrgPath(parent),
  ok,
});

const CITY = org(1, '市委', 'committee', null, []);
const DISTRICT = org(2, '湖里区委', 'committee', 1, ['市委']);
const STREET_A = org(3, '街道工委', 'committee', 2, ['市委', '湖里区委']);
const OTHER = org(4, '思明区委', 'committee', 1, ['市委'], { creatable: false });
const STREET_B = org(5, '街道工委', 'committee', 4, ['市委', '思明区委'], { creatable: false });

function plan(rows: OrgImportRow[], known: KnownOrg[] = [CITY, DISTRICT, STREET_A, OTHER, STREET_B]) {
  const plans = resolveOrgImport(rows, known);
  return (rowNo: number) => plans.get(rowNo)!;
}

describe('resolveOrgImport', () => {
  it('finds a registered parent, and a parent created by a row below as well as above', () => {
    const p = plan([
      row(2, '甲支部', 'branch', '新党委'),
      row(3, '新党委', 'committee', '湖里区委'),
      row(4, '乙支部', 'branch', '湖里区委/新党委'),
    ]);
    expect(p(3)).toMatchObject({ parentId: 2, parentRow: null, existingId: null, problems: [] });
    expect(p(2)).toMatchObject({ parentId: null, parentRow: 3, problems: [] });
    expect(p(4)).toMatchObject({ parentRow: 3, problems: [] });
  });

  it('tells apart two organizations of the same name by the path, and asks for it otherwise', () => {
    const p = plan([row(2, '甲支部', 'branch', '街道工委'), row(3, '乙支部', 'branch', '湖里区委/街道工委')]);
    expect(p(2).problems[0]).toMatchObject({ column: '上级组织', code: 'import.parent_ambiguous' });
    expect(p(2).problems[0]?.message).toBe(
      '有 2 个名为「街道工委」的党组织，请填写完整路径，如「上级组织名称/街道工委」',
    );
    expect(p(3)).toMatchObject({ parentId: 3, problems: [] });
  });

  it('refuses an unknown parent, one outside the caller’s scope, a dissolved one, and a type the parent cannot hold', () => {
    const p = plan(
      [
        row(2, '甲', 'branch', '不存在的党委'),
        row(3, '乙', 'branch', '思明区委'),
        row(4, '丙', 'branch', '旧党委'),
        row(5, '丁', 'committee', '湖里区委/某支部'),
      ],
      [
        CITY,
        DISTRICT,
        OTHER,
        org(6, '旧党委', 'committee', 2, ['市委', '湖里区委'], { status: 'dissolved' }),
        org(7, '某支部', 'branch', 2, ['市委', '湖里区委']),
      ],
    );
    expect(p(2).problems.map((x) => x.code)).toEqual(['import.parent_unknown']);
    expect(p(2).problems[0]?.message).toBe('未找到上级组织「不存在的党委」，或不在您的管理范围内');
    expect(p(3).problems.map((x) => x.code)).toEqual(['import.parent_out_of_scope']);
    expect(p(4).problems.map((x) => x.code)).toEqual(['import.parent_dissolved']);
    expect(p(5).problems).toEqual([
      { column: '组织类别', code: 'import.parent_type', message: '党支部下不能设立党委' },
    ]);
  });

  it('marks a second row with the same name under the same parent, not one under another parent', () => {
    const p = plan([
      row(2, '第一党支部', 'branch', '湖里区委'),
      row(3, '第一党支部', 'branch', '湖里区委'),
      row(4, '第一党支部', 'branch', '湖里区委/街道工委'),
    ]);
    expect(p(2).problems).toEqual([]);
    expect(p(3).problems).toEqual([
      {
        column: '组织名称',
        code: 'import.duplicate_in_file',
        message: '与第 2 行重复：同一上级组织下不能有同名党组织',
      },
    ]);
    expect(p(4).problems).toEqual([]);
  });

  it('takes a row already registered under the same parent as that organization, unless its type differs', () => {
    const known = [
      CITY,
      DISTRICT,
      org(8, '老支部', 'branch', 2, ['市委', '湖里区委']),
      org(9, '老党委', 'committee', 2, ['市委', '湖里区委']),
    ];
    const p = plan(
      [
        row(2, '老支部', 'branch', '湖里区委'),
        row(3, '老党委', 'committee', '湖里区委'),
        row(4, '新支部', 'branch', '老党委'),
        row(5, '老支部', 'general_branch', '湖里区委'),
      ],
      known,
    );
    expect(p(2)).toMatchObject({ existingId: 8, problems: [] });
    expect(p(3)).toMatchObject({ existingId: 9, problems: [] });
    // its child hangs under the registered organization, not under the row
    expect(p(4)).toMatchObject({ parentId: 9, parentRow: null, problems: [] });
    expect(p(5).problems).toEqual([
      {
        column: '组织类别',
        code: 'import.org_exists',
        message: '上级组织下已有同名党组织，类别为党支部，与本行不一致',
      },
    ]);
  });

  it('makes the children of a bad row bad, down the whole branch, and reports cycles', () => {
    const p = plan([
      row(2, '坏党委', 'committee', '湖里区委', false),
      row(3, '子党委', 'committee', '坏党委'),
      row(4, '孙支部', 'branch', '子党委'),
      row(5, '甲', 'committee', '乙'),
      row(6, '乙', 'committee', '甲'),
    ]);
    expect(p(3).problems).toEqual([
      {
        column: '上级组织',
        code: 'import.parent_row_bad',
        message: '上级组织（第 2 行）有错误，本行不能导入',
      },
    ]);
    expect(p(4).problems.map((x) => x.code)).toEqual(['import.parent_row_bad']);
    expect(p(5).problems.map((x) => x.code)).toContain('import.parent_cycle');
    expect(p(6).problems.map((x) => x.code)).toContain('import.parent_cycle');
  });

  it('orders the rows so that every parent is created before its children', () => {
    const plans = resolveOrgImport(
      [row(2, '孙', 'branch', '子'), row(3, '子', 'committee', '新'), row(4, '新', 'committee', '湖里区委')],
      [CITY, DISTRICT],
    );
    expect(orgImportOrder(plans)).toEqual([[4], [3], [2]]);
  });
});
