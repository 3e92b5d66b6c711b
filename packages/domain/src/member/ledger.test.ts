import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../identity/idNumber.ts';
import { checkMemberRow, duplicatesInFile, importColumnOf } from './ledger.ts';

const TODAY = '2026-11-23';
const ID = makeIdNumber('350206', '1990-01-01', 123); // odd sequence: male
const BAD_ID = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;

describe('importColumnOf', () => {
  it('knows the template headers with or without the required mark, and common aliases', () => {
    expect(importColumnOf('*姓名')).toBe('name');
    expect(importColumnOf(' 公民身份号码 ')).toBe('idNumber');
    expect(importColumnOf('身份证号')).toBe('idNumber');
    expect(importColumnOf('联系电话')).toBe('phone');
    expect(importColumnOf('备注')).toBeUndefined();
  });
});

describe('checkMemberRow', () => {
  const good = { orgName: '某支部', name: '陈嘉怡', idNumber: ID };

  it('derives gender and birth date from the ID number and defaults to a full member', () => {
    const { row, problems } = checkMemberRow(good, TODAY);
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ idNumber: ID, gender: 'male', birthDate: '1990-01-01', stage: 'full' });
  });

  it('accepts a lower-case x and spaces in the ID number', () => {
    const x = makeIdNumber('110105', '1949-12-31', 2);
    if (!x.endsWith('X')) return; // only meaningful when the check character is X
    expect(checkMemberRow({ ...good, idNumber: ` ${x.toLowerCase()} ` }, TODAY).row.idNumber).toBe(x);
  });

  it('names the column and the reason for each problem, in Chinese', () => {
    const { problems } = checkMemberRow(
      { name: '', idNumber: BAD_ID, phone: '12345', joinedOn: '2020-02-30', stage: '党员' },
      TODAY,
    );
    const byColumn = Object.fromEntries(problems.map((p) => [p.column, p]));
    expect(byColumn.所在党组织?.code).toBe('import.required');
    expect(byColumn.姓名?.message).toBe('请填写姓名');
    expect(byColumn.公民身份号码?.code).toBe('id_number.checksum');
    expect(byColumn.公民身份号码?.message).toBe('身份证号码校验位不正确');
    expect(byColumn.手机号码?.code).toBe('import.phone');
    expect(byColumn.入党日期?.code).toBe('import.date');
    expect(byColumn.党员类别?.code).toBe('import.stage');
  });

  it('refuses a gender or birth date that contradicts the ID number', () => {
    const { problems } = checkMemberRow({ ...good, gender: '女', birthDate: '1990-01-02' }, TODAY);
    expect(problems.map((p) => p.code)).toEqual(['member.gender_mismatch', 'member.birth_date_mismatch']);
    expect(checkMemberRow({ ...good, gender: '男', birthDate: '1990/1/1' }, TODAY).problems).toEqual([]);
  });

  it('explains an ID number that Excel stored as a number', () => {
    const { problems } = checkMemberRow({ ...good, idNumber: 350206199001011200 }, TODAY);
    expect(problems[0]?.code).toBe('import.id_number_as_number');
  });

  it('checks the order of dates: joining after birth and not in the future, full membership after joining', () => {
    expect(checkMemberRow({ ...good, joinedOn: '2026-11-24' }, TODAY).problems[0]?.code).toBe(
      'import.date_future',
    );
    expect(checkMemberRow({ ...good, joinedOn: '2026-11-23' }, TODAY).problems).toEqual([]);
    expect(
      checkMemberRow({ ...good, joinedOn: '2015-07-01', fullMemberOn: '2015-06-30' }, TODAY).problems[0]
        ?.code,
    ).toBe('import.date_order');
    expect(checkMemberRow({ ...good, joinedOn: '1989-12-31' }, TODAY).problems[0]?.code).toBe(
      'import.date_order',
    );
  });

  it('reads 预备党员 and accepts an organization given by its number only', () => {
    const { row, problems } = checkMemberRow(
      { orgId: '57', name: '王伟', idNumber: ID, stage: '预备党员' },
      TODAY,
    );
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ orgId: 57, orgName: null, stage: 'probationary' });
  });
});

describe('duplicatesInFile', () => {
  it('marks every later row with an ID number already seen, pointing at the first', () => {
    const dup = duplicatesInFile([
      { rowNo: 2, idNumber: 'A' },
      { rowNo: 3, idNumber: 'B' },
      { rowNo: 4, idNumber: 'A' },
      { rowNo: 5, idNumber: null },
      { rowNo: 6, idNumber: 'A' },
    ]);
    expect([...dup]).toEqual([
      [4, 2],
      [6, 2],
    ]);
  });
});
