import type { ThemeConfig } from 'antd';

/** Party red, used for the primary action, the selected menu item and little else. */
export const PARTY_RED = '#c8161d';

export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#1f5fbf',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerHeight: 52,
      headerPadding: '0 16px',
      headerBg: '#ffffff',
      siderBg: '#ffffff',
      bodyBg: '#f3f4f6',
    },
    Menu: { itemHeight: 38, itemMarginBlock: 2, groupTitleFontSize: 12 },
    Table: { cellPaddingBlockSM: 6 },
  },
};
