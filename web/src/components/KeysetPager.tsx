import { Button, Flex, Typography } from 'antd';
import { useCallback, useState } from 'react';
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

/** 首页 / 上一页 / 下一页 under a table read by keyset pages, with "第 n / m 页，共 t {unit}". */
export function KeysetPager({
  page,
  pageSize,
  pages,
  unit,
}: {
  page: KeysetPage<unknown> | undefined;
  pageSize: number;
  pages: ReturnType<typeof useKeysetPages>;
  /** the counting word after the total: 个, 项 */
  unit: string;
}) {
  const total = page?.total ?? 0;
  if (total <= pageSize) return null;
  const { cursor, pageNo, goTo } = pages;
  return (
    <Flex justify="flex-end" align="center" gap={8} wrap>
      <Typography.Text type="secondary">
        第 {pageNo} / {Math.ceil(total / pageSize)} 页，共 {total} {unit}
      </Typography.Text>
      <Button size="small" disabled={pageNo === 1 && !cursor} onClick={() => goTo(null, 0)}>
        首页
      </Button>
      <Button size="small" disabled={!page?.prevCursor} onClick={() => goTo(page?.prevCursor, -1)}>
        上一页
      </Button>
      <Button size="small" disabled={!page?.nextCursor} onClick={() => goTo(page?.nextCursor, 1)}>
        下一页
      </Button>
    </Flex>
  );
}
