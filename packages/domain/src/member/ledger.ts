import { validateIdNumber } from '../identity/idNumber.ts';
import {
  duplicateRows,
  type ImportProblem,
  LEDGER_DATE_MESSAGE,
  type LedgerCell,
  ledgerColumnOf,
  ledgerHeaderOf,
  ledgerText,
  parseLedgerDate,
} from '../ledger/cells.ts';

/**
 * The member ledger (党员台账): status and stage labels, and the checks one row of an imported
 * .xlsx must pass before anything is written. Pure: the server adds the checks that need the
 * database (unknown organization, duplicate in the register) and the web shows the same labels.
 */

export const MEMBER_STATUS_LABELS = {
  normal: '正常',
  mobile: '流动党员',
  lost_contact: '失去联系',
  suspended: '停止党籍',
  left: '已出党',
  deceased: '已去世',
  // set by a completed transfer out of the system (modules/transfers), never by hand
  transferred_out: '已转出',
} as const;
export type MemberStatus = keyof typeof MEMBER_STATUS_LABELS;

export const MEMBER_STAGE_LABELS = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
} as const;
export type MemberStage = keyof typeof MEMBER_STAGE_LABELS;

export const GENDER_LABELS = { male: '男', female: '女' } as const;

/** The columns of the import template, in order. `*` marks a required column in the header. */
export const MEMBER_IMPORT_COLUMNS = [
  {
    key: 'orgName',
    header: '所在党组织',
    required: true,
    width: 34,
    example: '厦门鹭岛智造科技有限公司党支部',
  },
  { key: 'orgId', header: '党组织编号', required: false, width: 12, example: '' },
  { key: 'name', header: '姓名', required: true, width: 10, example: '陈嘉怡' },
  { key: 'idNumber', header: '公民身份号码', required: true, width: 22, example: '350206199001011236' },
  { key: 'gender', header: '性别', required: false, width: 6, example: '男' },
  { key: 'birthDate', header: '出生日期', required: false, width: 12, example: '1990-01-01' },
  { key: 'ethnicity', header: '民族', required: false, width: 8, example: '汉族' },
  { key: 'education', header: '学历', required: false, width: 10, example: '大学本科' },
  { key: 'phone', header: '手机号码', required: false, width: 14, example: '17012345678' },
  { key: 'workUnit', header: '工作单位', required: false, width: 28, example: '厦门鹭岛智造科技有限公司' },
  { key: 'stage', header: '党员类别', required: false, width: 10, example: '正式党员' },
  { key: 'joinedOn', header: '入党日期', required: false, width: 12, example: '2015-07-01' },
  { key: 'fullMemberOn', header: '转正日期', required: false, width: 12, example: '2016-07-01' },
] as const;
export type MemberImportKey = (typeof MEMBER_IMPORT_COLUMNS)[number]['key'];

/** Other headers people use for the same column (old templates, other systems' exports). */
const HEADER_ALIASES: Record<string, MemberImportKey> = {
  党组织: 'orgName',
  所在党支部: 'orgName',
  所在支部: 'orgName',
  党组织名称: 'orgName',
  党组织id: 'orgId',
  身份证号码: 'idNumber',
  身份证号: 'idNumber',
  公民身份证号码: 'idNumber',
  手机号: 'phone',
  联系电话: 'phone',
  手机: 'phone',
  文化程度: 'education',
  人员类别: 'stage',
  转为正式党员日期: 'fullMemberOn',
  加入党组织日期: 'joinedOn',
};

/** The column a header names ('*姓名', ' 身份证号 ' …), or undefined. */
export function importColumnOf(header: string): MemberImportKey | undefined {
  return ledgerColumnOf(MEMBER_IMPORT_COLUMNS, HEADER_ALIASES, header);
}

export function importHeaderOf(key: MemberImportKey): string {
  return ledgerHeaderOf(MEMBER_IMPORT_COLUMNS, key);
}

export interface CheckedMemberRow {
  orgName: string | null;
  orgId: number | null;
  name: string | null;
  idNumber: string | null;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  ethnicity: string | null;
  education: string | null;
  phone: string | null;
  workUnit: string | null;
  stage: 'full' | 'probationary';
  joinedOn: string | null;
  fullMemberOn: string | null;
}

/**
 * Checks one row of an imported member ledger. Every problem is reported (not only the first),
 * each with the Chinese header of its column, so the user can fix the whole row at once.
 */
export function checkMemberRow(
  raw: Partial<Record<MemberImportKey, LedgerCell>>,
  today: string,
): { row: CheckedMemberRow; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const add = (key: MemberImportKey | '', code: string, message: string) =>
    problems.push({ column: key ? importHeaderOf(key) : '', code, message });
  const optional = (key: MemberImportKey, max: number): string | null => {
    const v = ledgerText(raw[key]);
    if (v.length > max) add(key, 'import.too_long', `不能超过 ${max} 个字`);
    return v ? v.slice(0, max) : null;
  };
  const date = (key: MemberImportKey): string | null => {
    const d = parseLedgerDate(raw[key]);
    if (d === 'invalid') {
      add(key, 'import.date', LEDGER_DATE_MESSAGE);
      return null;
    }
    return d;
  };

  const orgName = optional('orgName', 100);
  let orgId: number | null = null;
  const orgIdText = ledgerText(raw.orgId);
  if (orgIdText) {
    if (/^\d{1,15}$/.test(orgIdText) && Number(orgIdText) > 0) orgId = Number(orgIdText);
    else add('orgId', 'import.org_id', '党组织编号应为正整数');
  }
  if (!orgName && !orgIdText) add('orgName', 'import.required', '请填写所在党组织');

  const name = optional('name', 50);
  if (!name) add('name', 'import.required', '请填写姓名');

  let idNumber: string | null = null;
  let gender: CheckedMemberRow['gender'] = null;
  let birthDate: string | null = null;
  const idRaw = raw.idNumber;
  if (typeof idRaw === 'number') {
    // 18 digits do not fit in a double: Excel has already changed the last digits
    add(
      'idNumber',
      'import.id_number_as_number',
      '身份证号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写',
    );
  } else if (!ledgerText(idRaw)) {
    add('idNumber', 'import.required', '请填写公民身份号码');
  } else {
    const checked = validateIdNumber(ledgerText(idRaw).replace(/\s/g, ''), today);
    if (checked.ok) {
      idNumber = checked.normalized;
      gender = checked.gender;
      birthDate = checked.birthDate;
    } else {
      add('idNumber', checked.code, checked.message);
    }
  }

  const genderText = ledgerText(raw.gender);
  if (genderText) {
    const given = genderText === '男' ? 'male' : genderText === '女' ? 'female' : undefined;
    if (!given) add('gender', 'import.gender', '性别应填写“男”或“女”');
    else if (gender && given !== gender) add('gender', 'member.gender_mismatch', '性别与身份证号码不符');
  }
  const birthGiven = date('birthDate');
  if (birthGiven && birthDate && birthGiven !== birthDate)
    add('birthDate', 'member.birth_date_mismatch', '出生日期与身份证号码不符');

  let phone: string | null = null;
  const phoneText = ledgerText(raw.phone).replace(/[\s-]/g, '');
  if (phoneText) {
    if (/^1\d{10}$/.test(phoneText)) phone = phoneText;
    else add('phone', 'import.phone', '手机号码应为以 1 开头的 11 位数字');
  }

  const stageText = ledgerText(raw.stage);
  let stage: CheckedMemberRow['stage'] = 'full';
  if (stageText === '预备党员') stage = 'probationary';
  else if (stageText && stageText !== '正式党员')
    add('stage', 'import.stage', '党员类别应填写“正式党员”或“预备党员”');

  const joinedOn = date('joinedOn');
  const fullMemberOn = date('fullMemberOn');
  if (joinedOn && joinedOn > today) add('joinedOn', 'import.date_future', '入党日期不能晚于今天');
  if (joinedOn && birthDate && joinedOn < birthDate)
    add('joinedOn', 'import.date_order', '入党日期早于出生日期');
  if (fullMemberOn && joinedOn && fullMemberOn < joinedOn)
    add('fullMemberOn', 'import.date_order', '转正日期不能早于入党日期');
  if (fullMemberOn && stage === 'probationary')
    add('fullMemberOn', 'import.stage', '预备党员不应填写转正日期');

  return {
    row: {
      orgName,
      orgId,
      name,
      idNumber,
      gender,
      birthDate,
      ethnicity: optional('ethnicity', 20),
      education: optional('education', 20),
      phone,
      workUnit: optional('workUnit', 200),
      stage,
      joinedOn,
      fullMemberOn,
    },
    problems,
  };
}

/** Rows whose ID number appeared on an earlier row: row number → the first row with it. */
export function duplicatesInFile(
  rows: Array<{ rowNo: number; idNumber: string | null }>,
): Map<number, number> {
  return duplicateRows(rows.map((r) => ({ rowNo: r.rowNo, key: r.idNumber })));
}
