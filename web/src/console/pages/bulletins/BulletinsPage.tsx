import { FilePdfOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { BULLETIN_STATUS_COLORS, type Bulletin, type BulletinPage } from '../../../api/bulletins';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { formatDateTime, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback, useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const kb = (bytes: number | null) => (bytes === null ? '' : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * 月度通报: the archive of the bulletins of the caller's subtree by organization and month, each with its
 * 文号 and both files; generating one for a month that has ended (the job makes the files: the list
 * follows its status until they are ready). The monthly job issues the configured regions' own on the
 * first working day of each month.
 */
export default function BulletinsPage() {
  const { can } = useAuth();
  const { showError } = useFeedback();
  const [orgId, setOrgId] = useState<Id>();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useGet<BulletinPage>('/bulletins', {
    page,
    pageSize: 20,
    orgId,
    month: month ? month.format('YYYY-MM') : undefined,
  });
  const items = list.data?.items ?? [];
  const running = items.some((b) => b.status === 'queued' || b.status === 'generating');
  const { reload } = list;
  // while a bulletin is being made, look again every two seconds
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, 2000);
    return () => clearTimeout(timer);
  }, [running, reload]);

  const download = (url: string) => void api.download(url.replace(/^\/api\/v1/, '')).catch(showError);

  return (
    <PageContainer
      title="月度通报"
      subTitle="月有通报：每月第一个工作日自动生成上月通报（文号、总体情况、排名、红黑榜、滞后项目、存在的问题），数据与工作台同口径，生成后存档不再变化；重新生成为新文号并替代原通报"
      extra={
        can('bulletin.issue') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            生成通报
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <OrgTreeSelect
            style={{ width: 320 }}
            placeholder="按组织筛选（含下级）"
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              setPage(1);
            }}
          />
          <DatePicker
            picker="month"
            placeholder="月份"
            value={month}
            onChange={(v) => {
              setMonth(v);
              setPage(1);
            }}
          />
        </Space>
        <Table<Bulletin>
          rowKey="id"
          size="small"
          loading={list.loading && !running}
          dataSource={items}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: '月份', dataIndex: 'month', width: 90 },
            { title: '组织', dataIndex: 'orgName' },
            {
              title: '文号',
              dataIndex: 'docNumber',
              render: (v: string, b) => (
                <Space size={4}>
                  <span>{v}</span>
                  {b.supersededBy ? <Tag>已被替代</Tag> : null}
                </Space>
              ),
            },
            { title: '标题', dataIndex: 'title' },
            { title: '生成方式', dataIndex: 'triggerLabel', width: 90 },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (_: string, b) => (
                <Tag color={BULLETIN_STATUS_COLORS[b.status]} title={b.error ?? undefined}>
                  {b.statusLabel}
                </Tag>
              ),
            },
            { title: '印发日期', dataIndex: 'issuedOn', width: 110 },
            {
              title: '文件',
              key: 'files',
              width: 220,
              render: (_: unknown, b) =>
                b.docxUrl && b.pdfUrl ? (
                  <Space size={4}>
                    <Button size="small" icon={<FileWordOutlined />} onClick={() => download(b.docxUrl!)}>
                      Word {kb(b.docxBytes)}
                    </Button>
                    <Button size="small" icon={<FilePdfOutlined />} onClick={() => download(b.pdfUrl!)}>
                      PDF {kb(b.pdfBytes)}
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">
                    {b.status === 'failed' ? '生成失败' : '生成中…'}
                  </Typography.Text>
                ),
            },
            {
              title: '生成时间',
              dataIndex: 'generatedAt',
              width: 150,
              render: (v: string | null) => formatDateTime(v),
            },
          ]}
        />
      </Card>
      {creating ? (
        <IssueBulletin
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            setPage(1);
            reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function IssueBulletin({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ orgId: Id; month: Dayjs }>();
  const { save, saving, message } = useSave(form);
  const lastMonth = todayInChina().startOf('month').subtract(1, 'month');
  return (
    <Modal
      open
      title="生成月度通报"
      okText="生成"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ month: lastMonth }}
        onFinish={(v) =>
          void save(async () => {
            const created = await api.post<Bulletin>('/bulletins', {
              orgId: v.orgId,
              month: v.month.format('YYYY-MM'),
            });
            message.success(`已编号 ${created.docNumber}，正在生成文件`);
            onDone();
          })
        }
      >
        <Form.Item
          name="orgId"
          label="通报组织（本组织及下级的情况）"
          rules={[{ required: true, message: '请选择组织' }]}
        >
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="month"
          label="通报月份（须已结束）"
          rules={[{ required: true, message: '请选择月份' }]}
          extra="同一月份再次生成会编新文号，并替代原通报"
        >
          <DatePicker picker="month" disabledDate={(d) => !d.isBefore(todayInChina().startOf('month'))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
