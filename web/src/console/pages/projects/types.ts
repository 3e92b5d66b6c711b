/** What the 项目管理 pages share. */
export const KIND_OPTIONS = [
  { value: 'secretary_led', label: '书记领航' },
  { value: 'challenge', label: '揭榜挂帅' },
  { value: 'joint', label: '党建联创' },
];
