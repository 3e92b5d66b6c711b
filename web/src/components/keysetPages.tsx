import { Button, Flex, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import type { KeysetPage } from '../api/types';

/**
 * Reading a list by keyset pages (`cursor` in, `nextCursor` / `prevCursor` out): the cursor of the
 * page shown (none: the first) and its number, which only the reader needs (the API has no page
 * numbers). `reset` goes back to the first page, as a change of filter must.
 */
export function useKeysetPages() {
  const [cursor, setCursor] = useState<string>();
  const [pageNo, setPageNo] = useState(1);
  const goTo = useCallback((next: string | null | undefined, delta: number) => {
    setCursor(next ?? undefined);
    setPageNo((n) => (next ? Math.max(1, n + delta) : 1));
  }, []);
  const reset = useCallback(() => goTo(null, 0), [goTo]);
  return { cursor, pageNo, goTo, reset };
}

/**
 * The `footer` of an antd Table read by keyset pages: 首页 / 上一页 / 下一页 with "第 n / m 页，共 t {unit}",
 * shown when there is more than one page or a later page is shown (a list that shrank while the reader
 * was on page 2 still offers 首页); the buttons wait while a page loads, so a double click moves one page.
 */
export function keysetFooter(
  page: KeysetPage<unknown> | undefined,
  options: { pageSize: number; pages: ReturnType<typeof useKeysetPages>; unit: string; loading: boolean },
): (() => ReactNode) | undefined {
  const total = page?.total ?? 0;
  const { pageSize, pages, unit, loading } = options;
  if (total <= pageSize && !pages.cursor) return undefined;
  const { cursor, pageNo, goTo } = pages;
  return () => (
    <Flex justify="flex-end" align="center" gap={8} wrap>
      <Typography.Text type="secondary">
        第 {pageNo} / {Math.max(1, Math.ceil(total / pageSize))} 页，共 {total} {unit}
      </Typography.Text>
      <Button size="small" disabled={loading || (pageNo === 1 && !cursor)} onClick={() => goTo(null, 0)}>
        首页
      </Button>
      <Button size="small" disabled={loading || !page?.prevCursor} onClick={() => goTo(page?.prevCursor, -1)}>
        上一页
      </Button>
      <Button size="small" disabled={loading || !page?.nextCursor} onClick={() => goTo(page?.nextCursor, 1)}>
        下一页
      </Button>
    </Flex>
  );
}
