import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { MEMBER_STAGE_LABELS, MEMBER_STATUS_LABELS } from '@honglian/domain';
import { Button, Card, Empty, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useGet } from '../../../api/hooks';
import type { MemberItem } from '../../../api/members';
import type { Id, Page } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, formatDate } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { ExportButton } from '../../ExportButton';
import { PageContainer } from '../../PageContainer';
import './members.css';
import { CreateMemberModal } from './CreateMemberModal';
import { StatusTag } from './StatusTag';

const STAGE_OPTIONS = Object.entries(MEMBER_STAGE_LABELS).map(([value, label]) => ({ value, label }));
const STATUS_OPTIONS = Object.entries(MEMBER_STATUS_LABELS).map(([value, label]) => ({ value, label }));

/** 党员管理: the register of members in the caller's scope, masked, with search, import and export. */
export default function MembersPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  // 工作台's 党员 opens this page on ?org=…
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<Id | undefined>(params.get('org') ?? undefined);
  const linkedOrg = useGet<{ name: string }>(params.get('org') ? `/orgs/${params.get('org')}` : null);
  const [stage, setStage] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const filters = { q, orgId, stage, status };
  const members = useGet<Page<MemberItem>>('/members', { ...filters, page, pageSize });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <PageContainer
      title="党员管理"
      subTitle="名册中的身份证号码和手机号已脱敏；查看完整信息会记入审计日志"
      extra={
        <Space wrap>
          {can('member.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增党员
            </Button>
          ) : null}
          {can('member.import') ? (
            <Button icon={<ImportOutlined />} onClick={() => navigate('/members/import')}>
              导入
            </Button>
          ) : null}
          {can('member.export') ? (
            <ExportButton
              directUrl="/members/export.xlsx"
              jobUrl="/members/exports"
              title="导出党员名册"
              noun="名党员"
              filters={filters}
              jobBody={{ ...filters, orgId: orgId === undefined ? undefined : Number(orgId) }}
              total={members.data?.total ?? 0}
              icon={<DownloadOutlined />}
              notice={
                can('member.read_full')
                  ? '文件包含完整的身份证号码和手机号，本次导出已记入审计日志，请妥善保管。'
                  : '文件中的身份证号码和手机号已脱敏。'
              }
            />
          ) : null}
        </Space>
      }
    >
      <Card size="small">
        <div className="hl-toolbar">
          <Input.Search
            allowClear
            placeholder="姓名、拼音或首字母、身份证或手机尾号、工作单位"
            aria-label="搜索党员"
            style={{ width: 340 }}
            onSearch={(value) => reset(setQ)(value.trim())}
          />
          <OrgTreeSelect
            value={orgId}
            initialLabel={linkedOrg.data?.name}
            onChange={reset(setOrgId)}
            placeholder="所在党组织（含下级）"
            style={{ width: 280 }}
          />
          <Select
            allowClear
            placeholder="党员类别"
            aria-label="党员类别"
            style={{ width: 140 }}
            options={STAGE_OPTIONS}
            value={stage}
            onChange={reset(setStage)}
          />
          <Select
            allowClear
            placeholder="党员状态"
            aria-label="党员状态"
            style={{ width: 130 }}
            options={STATUS_OPTIONS}
            value={status}
            onChange={reset(setStatus)}
          />
        </div>
        <Table<MemberItem>
          size="small"
          rowKey="id"
          loading={members.loading}
          dataSource={members.data?.items ?? []}
          scroll={{ x: 1200 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  members.error
                    ? members.error.userMessage
                    : q || orgId || stage || status
                      ? '没有符合条件的党员'
                      : '暂无党员'
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: members.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total.toLocaleString()} 名`,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 110,
              fixed: 'left',
              render: (name: string, r) => <Link to={`/members/${r.id}`}>{name}</Link>,
            },
            { title: '性别', dataIndex: 'genderLabel', width: 60 },
            {
              title: (
                <Tooltip title="已脱敏，完整号码请在详情中查看">
                  <span>公民身份号码</span>
                </Tooltip>
              ),
              dataIndex: 'idNumber',
              width: 190,
              render: (v: string) => <span className="hl-code">{v}</span>,
            },
            {
              title: '手机号码',
              dataIndex: 'phone',
              width: 130,
              render: (v: string | null) => (v ? <span className="hl-code">{v}</span> : EMPTY),
            },
            { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
            { title: '党员类别', dataIndex: 'stageLabel', width: 110, render: (v: string) => <Tag>{v}</Tag> },
            {
              title: '状态',
              dataIndex: 'status',
              width: 100,
              render: (s: string, r) => <StatusTag status={s} label={r.statusLabel} />,
            },
            {
              title: '入党日期',
              dataIndex: 'joinedOn',
              width: 110,
              render: (v: string | null) => formatDate(v),
            },
            {
              title: '工作单位',
              dataIndex: 'workUnit',
              width: 200,
              ellipsis: true,
              render: (v: string | null) => v ?? EMPTY,
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateMemberModal
          defaultOrgId={orgId}
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            navigate(`/members/${id}`);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
