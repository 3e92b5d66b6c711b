import { Alert, Button, Modal, Progress, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { api, buildUrl, type Query } from '../../../api/client';
import { EXPORT_DIRECT_LIMIT, type ExportJob } from '../../../api/members';
import { useAuth } from '../../../components/auth';
import { useFeedback } from '../../feedback';

/**
 * 导出: up to 10,000 rows download at once; more run as a background job whose progress is shown
 * here, with the file to download when it is done.
 */
export function ExportButton({ filters, total, icon }: { filters: Query; total: number; icon?: ReactNode }) {
  const { can } = useAuth();
  const { showError } = useFeedback();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [open, setOpen] = useState(false);
  const full = can('member.read_full');

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
    if (total <= EXPORT_DIRECT_LIMIT) {
      window.location.href = buildUrl('/members/export.xlsx', filters);
      return;
    }
    try {
      const body = Object.fromEntries(
        Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      );
      if (body.orgId !== undefined) body.orgId = Number(body.orgId);
      setJob(await api.post<ExportJob>('/members/exports', body));
      setOpen(true);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      <Button icon={icon} onClick={start} disabled={total === 0}>
        导出
      </Button>
      <Modal
        open={open}
        title="导出党员名册"
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
            共 {total.toLocaleString()} 名党员，超过 {EXPORT_DIRECT_LIMIT.toLocaleString()}{' '}
            行，正在后台生成文件。
          </Typography.Text>
          <Progress
            percent={job?.progress ?? 0}
            status={job?.state === 'failed' ? 'exception' : job?.state === 'done' ? 'success' : 'active'}
          />
          {job?.note ? <Typography.Text type="secondary">{job.note}</Typography.Text> : null}
          {job?.state === 'failed' ? <Alert type="error" showIcon title={job.error ?? '导出失败'} /> : null}
          <Alert
            type="info"
            showIcon
            title={
              full
                ? '文件包含完整的身份证号码和手机号，本次导出已记入审计日志，请妥善保管。'
                : '文件中的身份证号码和手机号已脱敏。'
            }
          />
        </Space>
      </Modal>
    </>
  );
}
