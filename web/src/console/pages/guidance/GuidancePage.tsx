import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CaseCategory } from '../../../api/cases';
import { api } from '../../../api/client';
import type {
  GuidanceEnterprise,
  GuidanceEnterprisePage,
  GuidanceProblem,
  GuidanceVisit,
  GuidanceVisitPage,
} from '../../../api/guidance';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { dayjs, EMPTY, todayInChina } from '../../../components/format';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/**
 * 指导记录: the instructor's enterprises with their open compliance findings, each guidance visit, and
 * the form to record one. A visit this year counts the enterprise toward work coverage (指导覆盖).
 */
export default function GuidancePage() {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<GuidanceVisit | 'new' | null>(null);
  const [filing, setFiling] = useState<{ visit: GuidanceVisit; problem: GuidanceProblem } | null>(null);
  const enterprises = useGet<GuidanceEnterprisePage>('/guidance/enterprises');
  const visits = useGet<GuidanceVisitPage>('/guidance-visits', { page, pageSize: 20 });
  const units = enterprises.data?.items ?? [];
  const withFindings = units.filter((u) => u.openFindings + u.openWarnings > 0).length;
  const year = enterprises.data?.period.from.slice(0, 4) ?? '';
  // a 挂钩干部's visits serve the enterprise and do not count toward 两个覆盖 (decision 0027)
  const cadreOnly = units.length > 0 && units.every((u) => u.role === 'cadre');
  const word = cadreOnly ? '走访' : '指导';

  return (
    <PageContainer
      title={cadreOnly ? '走访记录' : '指导记录'}
      subTitle={
        cadreOnly
          ? '记录对挂钩企业的每次走访和问题清单，问题可一键转为工单；每季度至少走访一次'
          : '记录对联系企业的每次党建指导；本年度有指导记录的企业计入工作覆盖（指导覆盖）'
      }
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          disabled={units.length === 0}
        >
          登记{word}
        </Button>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space size={48} wrap>
          <Statistic title="联系企业" value={units.length} suffix="家" />
          <div data-testid="guidance-guided">
            <Statistic
              title={cadreOnly ? `${year}年已走访` : `${year}年已指导（计入工作覆盖）`}
              value={enterprises.data?.guided ?? 0}
              suffix={`/ ${units.length} 家`}
            />
          </div>
          <Statistic
            title={`${enterprises.data?.quarter.label ?? '本季度'}已走访`}
            value={enterprises.data?.visitedInQuarter ?? 0}
            suffix={`/ ${units.length} 家`}
          />
          <Statistic title="有未整改问题的企业" value={withFindings} suffix="家" />
        </Space>
      </Card>

      <Card size="small" title="联系企业与合规情况" style={{ marginBottom: 16 }}>
        <Table<GuidanceEnterprise>
          size="small"
          rowKey="unitId"
          loading={enterprises.loading}
          dataSource={units}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty description={enterprises.error ? enterprises.error.userMessage : '暂未被选派联系企业'} />
            ),
          }}
          expandable={{
            rowExpandable: (r) => r.findings.length > 0,
            expandedRowRender: (r) => (
              <List
                size="small"
                dataSource={r.findings}
                renderItem={(f) => (
                  <List.Item>
                    <Space align="start">
                      <Tag color={f.severity === 'finding' ? 'red' : 'orange'}>{f.severityLabel}</Tag>
                      <span>
                        {f.message}
                        <Typography.Text type="secondary">（{f.citation}）</Typography.Text>
                      </span>
                    </Space>
                  </List.Item>
                )}
              />
            ),
          }}
          columns={[
            { title: '企业', dataIndex: 'unitName', ellipsis: true },
            { title: '身份', dataIndex: 'roleLabel', width: 130 },
            {
              title: '党组织',
              dataIndex: 'ownOrgName',
              width: 200,
              ellipsis: true,
              render: (v: string | null) => v ?? <Tag>未建</Tag>,
            },
            {
              title: '属地管理',
              dataIndex: 'orgName',
              width: 200,
              ellipsis: true,
              render: (v) => v ?? EMPTY,
            },
            {
              title: '未整改问题',
              width: 150,
              render: (_, r) =>
                r.openFindings + r.openWarnings === 0 ? (
                  <Tag color="green">无</Tag>
                ) : (
                  <Space size={4}>
                    {r.openFindings > 0 ? <Tag color="red">问题 {r.openFindings}</Tag> : null}
                    {r.openWarnings > 0 ? <Tag color="orange">预警 {r.openWarnings}</Tag> : null}
                  </Space>
                ),
            },
            {
              title: '本年度指导',
              dataIndex: 'visitsInPeriod',
              width: 100,
              render: (v: number) => `${v} 次`,
            },
            {
              title: '本季度',
              dataIndex: 'visitsInQuarter',
              width: 90,
              render: (v: number) => (v > 0 ? `${v} 次` : <Tag color="orange">未走访</Tag>),
            },
            { title: '最近指导', dataIndex: 'lastVisitOn', width: 110, render: (v) => v ?? EMPTY },
          ]}
        />
      </Card>

      <Card size="small" title="指导记录">
        <Table<GuidanceVisit>
          size="small"
          rowKey="id"
          loading={visits.loading}
          dataSource={visits.data?.items ?? []}
          scroll={{ x: 1100 }}
          locale={{
            emptyText: <Empty description={visits.error ? visits.error.userMessage : '暂无指导记录'} />,
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: visits.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 条指导记录`,
            onChange: setPage,
          }}
          columns={[
            { title: '指导日期', dataIndex: 'visitedOn', width: 110 },
            { title: '企业', dataIndex: 'unitName', width: 200, ellipsis: true },
            { title: '指导主题', dataIndex: 'topic', width: 200, ellipsis: true },
            {
              title: '发现的问题',
              dataIndex: 'problems',
              width: 320,
              render: (v: string, r) =>
                r.problemList.length === 0 ? (
                  <Typography.Text ellipsis>{v || EMPTY}</Typography.Text>
                ) : (
                  <ProblemList visit={r} onFile={(problem) => setFiling({ visit: r, problem })} />
                ),
            },
            { title: '整改跟进', dataIndex: 'followUp', ellipsis: true, render: (v) => v || EMPTY },
            {
              title: '整改完成',
              dataIndex: 'followUpDoneOn',
              width: 130,
              render: (v: string | null, r) =>
                v ? <Tag color="green">已完成 {v}</Tag> : r.followUp ? <Tag color="gold">跟进中</Tag> : EMPTY,
            },
            {
              title: '指导员/挂钩干部',
              dataIndex: 'instructorName',
              width: 180,
              ellipsis: true,
              render: (v: string, r) => `${v}（${r.roleLabel}）`,
            },
            {
              title: '操作',
              width: 80,
              render: (_, r) =>
                r.editable ? (
                  <Button size="small" type="link" onClick={() => setEditing(r)}>
                    修改
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      {editing ? (
        <VisitModal
          visit={editing === 'new' ? null : editing}
          enterprises={units}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            visits.reload();
            enterprises.reload();
          }}
        />
      ) : null}
      {filing ? (
        <FileProblemModal
          visit={filing.visit}
          problem={filing.problem}
          onClose={() => setFiling(null)}
          onDone={() => {
            setFiling(null);
            visits.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

/** 问题清单 of a visit: each problem with its case's state, or 转工单 for its author. */
function ProblemList({ visit, onFile }: { visit: GuidanceVisit; onFile: (p: GuidanceProblem) => void }) {
  return (
    <Space direction="vertical" size={2}>
      {visit.problemList.map((p) => (
        <span key={p.id}>
          {p.seq}. {p.description}{' '}
          {p.caseId ? (
            <Link to={`/cases/${p.caseId}`}>
              <Tag color="blue">
                工单 {p.caseId} · {p.caseStateLabel}
              </Tag>
            </Link>
          ) : visit.editable ? (
            <Button size="small" type="link" onClick={() => onFile(p)}>
              转工单
            </Button>
          ) : (
            <Tag>未转工单</Tag>
          )}
        </span>
      ))}
    </Space>
  );
}

/** The categories a visit's problem may be filed in: active, with no attribute the form cannot give. */
export function fileableCategories(items: CaseCategory[] | undefined) {
  return (items ?? [])
    .filter((c) => c.active && !c.attributes.some((a) => a.required))
    .map((c) => ({ value: c.id, label: `${c.groupName} · ${c.name}` }));
}

/** 一键转工单: one problem into the case loop, in the chosen category. */
function FileProblemModal({
  visit,
  problem,
  onClose,
  onDone,
}: {
  visit: GuidanceVisit;
  problem: GuidanceProblem;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ categoryId: Id }>();
  const { saving, save, message } = useSave(form);
  const categories = useGet<{ items: CaseCategory[] }>('/case-categories');
  const submit = async (values: { categoryId: Id }) => {
    await save(async () => {
      const out = await api.post<{ caseId: Id }>(
        `/guidance-visits/${visit.id}/problems/${problem.id}/case`,
        values,
      );
      message.success(`已转为工单，编号 ${out.caseId}`);
      onDone();
    });
  };
  return (
    <Modal
      open
      title="问题转工单"
      okText="转为工单"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {visit.unitName}：{problem.description}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="categoryId"
          label="诉求分类"
          rules={[{ required: true, message: '请选择诉求分类' }]}
          extra="按分类的派单规则派给承办部门；您是工单的反映人，可跟踪办理并评价"
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={categories.loading}
            options={fileableCategories(categories.data?.items)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface VisitValues {
  unitId: Id;
  visitedOn: Dayjs;
  topic: string;
  problems?: string;
  problemList?: Array<{ description?: string; categoryId?: Id }>;
  followUp?: string;
  followUpDoneOn?: Dayjs | null;
}

function VisitModal({
  visit,
  enterprises,
  onClose,
  onDone,
}: {
  visit: GuidanceVisit | null;
  enterprises: GuidanceEnterprise[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<VisitValues>();
  const { saving, save, message } = useSave(form);
  const today = todayInChina();
  const only = enterprises.length === 1 ? enterprises[0]!.unitId : undefined;
  const categories = useGet<{ items: CaseCategory[] }>('/case-categories');

  const submit = async (values: VisitValues) => {
    const body = {
      visitedOn: values.visitedOn.format('YYYY-MM-DD'),
      topic: values.topic.trim(),
      problems: values.problems?.trim() ?? '',
      followUp: values.followUp?.trim() ?? '',
    };
    await save(async () => {
      if (visit) {
        await api.patch(`/guidance-visits/${visit.id}`, {
          ...body,
          followUpDoneOn: values.followUpDoneOn ? values.followUpDoneOn.format('YYYY-MM-DD') : null,
        });
        message.success('指导记录已修改');
      } else {
        await api.post('/guidance-visits', {
          ...body,
          problemList: (values.problemList ?? [])
            .filter((p) => p.description?.trim())
            .map((p) => ({ description: p.description!.trim(), categoryId: p.categoryId })),
          unitId: values.unitId,
          ...(values.followUpDoneOn ? { followUpDoneOn: values.followUpDoneOn.format('YYYY-MM-DD') } : {}),
        });
        message.success('指导记录已登记，本年度计入工作覆盖');
      }
      onDone();
    });
  };

  return (
    <Modal
      open
      title={visit ? '修改指导记录' : '登记指导'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      <Form<VisitValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          visit
            ? {
                unitId: visit.unitId,
                visitedOn: dayjs(visit.visitedOn),
                topic: visit.topic,
                problems: visit.problems,
                followUp: visit.followUp,
                followUpDoneOn: visit.followUpDoneOn ? dayjs(visit.followUpDoneOn) : null,
              }
            : { unitId: only, visitedOn: today }
        }
      >
        <Form.Item
          name="unitId"
          label="指导企业"
          rules={[{ required: true, message: '请选择指导的企业' }]}
          extra="只能选择选派您联系的企业"
        >
          <Select
            disabled={visit !== null}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择联系企业"
            options={
              visit
                ? [{ value: visit.unitId, label: visit.unitName }]
                : enterprises.map((e) => ({ value: e.unitId, label: e.unitName }))
            }
          />
        </Form.Item>
        <Form.Item name="visitedOn" label="指导日期" rules={[{ required: true, message: '请选择指导日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
        <Form.Item
          name="topic"
          label="指导主题"
          rules={[{ required: true, whitespace: true, message: '请填写指导主题' }]}
        >
          <Input maxLength={200} placeholder="如：指导企业组建党支部、规范三会一课" />
        </Form.Item>
        <Form.Item name="problems" label="发现的问题（概述）">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {visit ? null : (
          <Form.List name="problemList">
            {(fields, { add, remove }) => (
              <Form.Item
                label="问题清单"
                extra="一条一个问题；选了诉求分类的，保存时同时转为工单，按分类派给承办部门"
              >
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item
                      name={[f.name, 'description']}
                      rules={[{ required: true, whitespace: true, message: '请填写问题' }]}
                    >
                      <Input maxLength={500} placeholder={`问题 ${i + 1}`} style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'categoryId']}>
                      <Select
                        allowClear
                        placeholder="转工单：选择诉求分类"
                        style={{ width: 200 }}
                        showSearch={{ optionFilterProp: 'label' }}
                        options={fileableCategories(categories.data?.items)}
                      />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  添加问题
                </Button>
              </Form.Item>
            )}
          </Form.List>
        )}
        <Form.Item name="followUp" label="整改跟进">
          <Input.TextArea rows={3} maxLength={2000} placeholder="需要企业整改的事项、跟进安排" />
        </Form.Item>
        <Form.Item name="followUpDoneOn" label="整改完成日期" extra="整改完成后填写，可以以后补记">
          <DatePicker disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
