import { Alert, Button, Modal, Progress, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { api, buildUrl, type Query } from '../api/client';
import { EXPORT_DIRECT_LIMIT, type ExportJob } from '../api/ledger';
import { useFeedback } from './feedback';

export interface ExportButtonProps {
  /** The direct download, e.g. '/orgs/export.xlsx'; `filters` go in its query string. */
  directUrl: string;
  /** Where to start the job for larger exports, e.g. '/orgs/exports'. */
  jobUrl: string;
  /** The dialog's title: 导出党组织名册. */
  title: string;
  /** What is counted, after the number: 名党员, 个党组织. */
  noun: string;
  filters: Query;
  /** The job's JSON body, when it differs from `filters` (numbers instead of the strings of a URL). */
  jobBody?: Record<string, unknown>;
  /** Rows the export will hold (the list's total); undefined while it is still being counted. */
  total: number | undefined;
  icon?: ReactNode;
  /** What the dialog says about the file's contents (masking, audit). */
  notice?: ReactNode;
}

/**
 * 导出 for any register: up to 10,000 rows download at once; more run as a background job whose
 * progress is shown here, with the file to download when it is done (`/exports/:id`).
 */
export function ExportButton({
  directUrl,
  jobUrl,
  title,
  noun,
  filters,
  jobBody,
  total,
  icon,
  notice,
}: ExportButtonProps) {
  const { showError } = useFeedback();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed') return;
    const timer = setTimeout(() => {
      api
        .get<ExportJob>(`/exports/${job.id}`)
        .then(setJob)
        .catch((err) => showError(err));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job, showError]);

  const start = async () => {
    if (total === undefined) return;
    if (total <= EXPORT_DIRECT_LIMIT) {
      window.location.href = buildUrl(directUrl, filters);
      return;
    }
    try {
      const source = jobBody ?? filters;
      const body = Object.fromEntries(
        Object.entries(source).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      );
      setJob(await api.post<ExportJob>(jobUrl, body));
      setOpen(true);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      <Button icon={icon} onClick={start} disabled={!total} loading={total === undefined}>
        导出
      </Button>
      <Modal
        open={open}
        title={title}
        footer={
          <Space>
            {job?.state === 'done' ? (
              <Button type="primary" href={buildUrl(`/exports/${job.id}/download`)}>
                下载文件
              </Button>
            ) : null}
            <Button onClick={() => setOpen(false)}>{job?.state === 'done' ? '关闭' : '在后台继续'}</Button>
          </Space>
        }
        onCancel={() => setOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            共 {(total ?? 0).toLocaleString()} {noun}，超过 {EXPORT_DIRECT_LIMIT.toLocaleString()}{' '}
            行，正在后台生成文件。
          </Typography.Text>
          <Progress
            percent={job?.progress ?? 0}
            status={job?.state === 'failed' ? 'exception' : job?.state === 'done' ? 'success' : 'active'}
          />
          {job?.note ? <Typography.Text type="secondary">{job.note}</Typography.Text> : null}
          {job?.state === 'failed' ? <Alert type="error" showIcon title={job.error ?? '导出失败'} /> : null}
          {notice ? <Alert type="info" showIcon title={notice} /> : null}
        </Space>
      </Modal>
    </>
  );
}
