/**
 * Administrative division codes (GB/T 2260). A 6-digit code reads province (2 digits), city
 * (2) and county (2); a province code ends in 0000 and a city code in 00.
 */

/**
 * Every province-level division by its 2-digit prefix (GB/T 2260). 公民身份号码 (GB 11643-1999)
 * begins with the area code where the number was first issued; area codes below province level
 * are renamed and merged over the years while old ID numbers stay valid, so only this prefix can
 * be checked against a fixed table.
 */
export const PROVINCES = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
} as const;

export type ProvincePrefix = keyof typeof PROVINCES;

/** True when `prefix` is the 2-digit code of a real province-level division. */
export function isProvincePrefix(prefix: string): prefix is ProvincePrefix {
  return Object.hasOwn(PROVINCES, prefix);
}

/**
 * The divisions the product works in: the places of the seed articles (DOMAIN.md) with their
 * cities and provinces. `parent` is null for a province.
 */
export const REGIONS = {
  '350000': { name: '福建省', parent: null },
  '350200': { name: '厦门市', parent: '350000' },
  '350203': { name: '思明区', parent: '350200' },
  '350205': { name: '海沧区', parent: '350200' },
  '350206': { name: '湖里区', parent: '350200' },
  '350211': { name: '集美区', parent: '350200' },
  '350212': { name: '同安区', parent: '350200' },
  '350213': { name: '翔安区', parent: '350200' },
  '350500': { name: '泉州市', parent: '350000' },
  '350582': { name: '晋江市', parent: '350500' },
  '350800': { name: '龙岩市', parent: '350000' },
  '350802': { name: '新罗区', parent: '350800' },
  '350881': { name: '漳平市', parent: '350800' },
  '350900': { name: '宁德市', parent: '350000' },
  '350981': { name: '福安市', parent: '350900' },
  '360000': { name: '江西省', parent: null },
  '360100': { name: '南昌市', parent: '360000' },
  '360102': { name: '东湖区', parent: '360100' },
  '360400': { name: '九江市', parent: '360000' },
  '360424': { name: '修水县', parent: '360400' },
  '370000': { name: '山东省', parent: null },
  '370600': { name: '烟台市', parent: '370000' },
  '370614': { name: '蓬莱区', parent: '370600' },
  '440000': { name: '广东省', parent: null },
  '445300': { name: '云浮市', parent: '440000' },
  '445302': { name: '云城区', parent: '445300' },
} as const satisfies Record<string, { name: string; parent: string | null }>;

export type RegionCode = keyof typeof REGIONS;

export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

/**
 * True only for a code listed in `REGIONS`. A merely well-formed code (6 digits with a real
 * province prefix) is not enough: an organization's region must have a name and a place in the
 * tree, and `regionName`/`regionAncestors` must be able to answer for it. ID numbers, which may
 * carry any area code ever issued, are checked with `isProvincePrefix` instead.
 */
export function isRegionCode(code: string): code is RegionCode {
  return /^\d{6}$/.test(code) && Object.hasOwn(REGIONS, code);
}

/** The Chinese name of a known region, or undefined. */
export function regionName(code: string): string | undefined {
  return isRegionCode(code) ? REGIONS[code].name : undefined;
}

/**
 * The codes above `code`, from the province down to the immediate parent (the code itself is
 * not included): `regionAncestors('350203')` is `['350000', '350200']`. Empty for a province or an
 * unknown code.
 */
export function regionAncestors(code: string): RegionCode[] {
  const ancestors: RegionCode[] = [];
  let current: string | null = isRegionCode(code) ? REGIONS[code].parent : null;
  while (current !== null && isRegionCode(current)) {
    ancestors.unshift(current);
    current = REGIONS[current].parent;
  }
  return ancestors;
}
