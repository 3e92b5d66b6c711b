import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import type { AssignmentRole } from '../../../api/guidance';
import { useDebounced, useGet } from '../../../api/hooks';
import type { InstructorAssignment, InstructorPage } from '../../../api/orgsetup';
import type { Id, Page, UnitItem } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { UserSelect } from '../../../components/RemoteSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/** Which assignments a page shows: Party-building (指导员、联络员) or 挂钩干部 (decision 0027). */
export type AssignmentKind = 'party' | 'cadre';

const WORDS = {
  party: {
    who: '指导员',
    title: '党建工作指导员',
    assign: '选派指导员',
    modal: '选派党建工作指导员或联络员',
  },
  cadre: {
    who: '挂钩干部',
    title: '挂钩干部',
    assign: '选派挂钩干部',
    modal: '选派挂钩干部（挂钩联系、包干到企）',
  },
} as const;

/** 党建工作指导员: who is assigned to which enterprise, and the assign form. */
export default function InstructorsPage() {
  const { can } = useAuth();
  const [assigning, setAssigning] = useState(false);
  return (
    <PageContainer
      title="党建工作指导员"
      subTitle="向非公有制企业和社会组织选派党建工作指导员，未建党组织的单位由此实现党的工作覆盖"
      extra={
        can('instructor.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)}>
            选派指导员
          </Button>
        ) : null
      }
    >
      <AssignmentsCard kind="party" assigning={assigning} onAssigning={setAssigning} />
    </PageContainer>
  );
}

/** The assignments of one kind with filters, and the assign form when `assigning`. */
export function AssignmentsCard({
  kind,
  assigning,
  onAssigning,
}: {
  kind: AssignmentKind;
  assigning: boolean;
  onAssigning: (open: boolean) => void;
}) {
  const { message, showError } = useFeedback();
  const [orgId, setOrgId] = useState<Id>();
  const [q, setQ] = useState('');
  const [state, setState] = useState<'active' | 'ended' | 'all'>('active');
  const [page, setPage] = useState(1);
  const words = WORDS[kind];
  const list = useGet<InstructorPage>('/instructor-assignments', {
    orgId,
    q,
    state,
    kind,
    page,
    pageSize: 20,
  });

  const end = async (a: InstructorAssignment) => {
    try {
      await api.post(`/instructor-assignments/${a.id}/end`, {});
      message.success(`已结束${a.name}在「${a.unitName}」的选派`);
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      <Card size="small" title={kind === 'cadre' ? '挂钩干部选派' : undefined}>
        <div className="hl-toolbar">
          <OrgTreeSelect
            value={orgId}
            onChange={setOrgId}
            placeholder="全部管理范围"
            style={{ width: 300 }}
          />
          <Input.Search
            allowClear
            placeholder={`${words.who}姓名或单位名称`}
            aria-label={`搜索${words.who}`}
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
          <Radio.Group
            optionType="button"
            value={state}
            onChange={(e) => {
              setState(e.target.value);
              setPage(1);
            }}
            options={[
              { value: 'active', label: '在岗' },
              { value: 'ended', label: '已结束' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Space size={24} style={{ marginInlineStart: 'auto' }}>
            <Statistic title={words.who} value={list.data?.instructors ?? 0} suffix="名" />
            <Statistic title="联系单位" value={list.data?.units ?? 0} suffix="个" />
          </Space>
        </div>
        <Table<InstructorAssignment>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1400 }}
          locale={{
            emptyText: <Empty description={list.error ? list.error.userMessage : '暂无选派记录'} />,
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 条选派记录`,
            onChange: setPage,
          }}
          columns={[
            { title: kind === 'cadre' ? '挂钩干部' : '指导员/联络员', dataIndex: 'name', width: 160 },
            { title: '身份', dataIndex: 'roleLabel', width: 130 },
            { title: '手机号', dataIndex: 'phone', width: 130, render: (v) => v ?? EMPTY },
            { title: '联系单位', dataIndex: 'unitName', width: 240, ellipsis: true },
            {
              title: '单位党组织',
              dataIndex: 'unitHasOrg',
              width: 110,
              render: (v: boolean) => (v ? <Tag color="red">已建</Tag> : <Tag>未建</Tag>),
            },
            { title: '行政区划', dataIndex: 'regionName', width: 100, render: (v, r) => v ?? r.regionCode },
            {
              title: '属地管理',
              dataIndex: 'orgName',
              width: 220,
              ellipsis: true,
              render: (v) => v ?? EMPTY,
            },
            { title: '选派日期', dataIndex: 'assignedOn', width: 110 },
            {
              title: '状态',
              width: 140,
              render: (_, r) =>
                r.active ? <Tag color="green">在岗</Tag> : <Tag>已结束 {r.endedOn ?? ''}</Tag>,
            },
            {
              title: '操作',
              width: 90,
              render: (_, r) =>
                r.actions.includes('instructor.manage') ? (
                  <Popconfirm
                    title={`结束${r.name}在「${r.unitName}」的选派？`}
                    okText="结束"
                    cancelText="取消"
                    onConfirm={() => end(r)}
                  >
                    <Button size="small" type="link" danger>
                      结束选派
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      {assigning ? (
        <AssignModal
          kind={kind}
          onClose={() => onAssigning(false)}
          onDone={() => {
            onAssigning(false);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}

interface AssignValues {
  who: 'user' | 'person';
  role: AssignmentRole;
  userId?: Id;
  name?: string;
  phone?: string;
  unitIds: Id[];
  assignedOn: Dayjs;
  note?: string;
}

/** Several enterprises at once: a select that searches units (enterprises and social organizations). */
function UnitsMultiSelect({ value, onChange }: { value?: Id[]; onChange?: (v: Id[]) => void }) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<{ value: Id; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    Promise.all(
      (['enterprise', 'social_org'] as const).map((kind) =>
        api.get<Page<UnitItem>>('/units', { q: query, kind, page: 1, pageSize: 20 }),
      ),
    )
      .then((pages) => {
        if (!live) return;
        const items = pages.flatMap((p) => p.items);
        setOptions((prev) => {
          const keep = prev.filter((o) => value?.some((v) => String(v) === String(o.value)));
          const fresh = items.map((u) => ({
            value: u.id,
            label: `${u.name}${u.orgCount > 0 ? '（已建党组织）' : ''}`,
          }));
          const seen = new Set(fresh.map((o) => String(o.value)));
          return [...keep.filter((o) => !seen.has(String(o.value))), ...fresh];
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [query, value]);
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options}
      placeholder="输入企业或社会组织名称搜索，可多选"
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent="没有找到单位"
      style={{ width: '100%' }}
    />
  );
}

function AssignModal({
  kind,
  onClose,
  onDone,
}: {
  kind: AssignmentKind;
  onClose: () => void;
  onDone: () => void;
}) {
  const words = WORDS[kind];
  const [form] = Form.useForm<AssignValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const who = Form.useWatch('who', form);

  const submit = async (values: AssignValues) => {
    setSaving(true);
    try {
      const answer = await api.post<{ items: InstructorAssignment[] }>('/instructor-assignments', {
        unitIds: values.unitIds,
        role: values.role,
        ...(values.who === 'user'
          ? { userId: values.userId }
          : { name: values.name?.trim(), phone: values.phone?.trim() || undefined }),
        assignedOn: values.assignedOn.format('YYYY-MM-DD'),
        note: values.note?.trim() || undefined,
      });
      message.success(`已选派到 ${answer.items.length} 个单位`);
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={words.modal}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      <Form<AssignValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          who: kind === 'cadre' ? 'user' : 'person',
          role: kind === 'cadre' ? 'cadre' : 'instructor',
          assignedOn: todayInChina(),
          unitIds: [],
        }}
      >
        {kind === 'cadre' ? (
          <Form.Item name="role" hidden>
            <Input />
          </Form.Item>
        ) : (
          <Form.Item
            name="role"
            label="身份"
            extra="党建工作指导员和党建联络员联系的未建组织单位都计入工作覆盖"
          >
            <Radio.Group
              options={[
                { value: 'instructor', label: '党建工作指导员' },
                { value: 'liaison', label: '党建联络员' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="who"
          label={words.who}
          extra={kind === 'cadre' ? '选择平台用户后，挂钩干部可在手机上登记走访和问题清单' : undefined}
        >
          <Radio.Group
            options={[
              { value: 'person', label: '填写姓名和手机号' },
              { value: 'user', label: '选择平台用户' },
            ]}
          />
        </Form.Item>
        {who === 'user' ? (
          <Form.Item name="userId" rules={[{ required: true, message: `请选择${words.who}的账号` }]}>
            <UserSelect />
          </Form.Item>
        ) : (
          <Space size={12} style={{ display: 'flex' }}>
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: `请填写${words.who}姓名` }]}
            >
              <Input maxLength={50} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号"
              rules={[{ pattern: /^1\d{10}$/, message: '手机号码应为以 1 开头的 11 位数字' }]}
            >
              <Input maxLength={11} style={{ width: 200 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          name="unitIds"
          label={kind === 'cadre' ? '挂钩企业' : '联系单位'}
          rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个单位' }]}
          extra={
            kind === 'cadre'
              ? '一名挂钩干部可挂钩多家企业，一家企业也可有多名挂钩干部；挂钩干部不计入两个覆盖'
              : '一名指导员可联系多个企业；未建党组织的单位选派指导员后计入工作覆盖'
          }
        >
          <UnitsMultiSelect />
        </Form.Item>
        <Form.Item name="assignedOn" label="选派日期" rules={[{ required: true, message: '请选择选派日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
