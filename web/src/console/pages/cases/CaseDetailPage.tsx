import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  type CaseAction,
  type CaseClock,
  type CaseDetail,
  type CaseItem,
  FIELD_LABELS,
  formatTime,
  RATING_LABELS,
  type SimilarCase,
} from '../../../api/cases';
import { api, upload } from '../../../api/client';
import { useDebounced, useGet } from '../../../api/hooks';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { FileList } from '../../FileList';
import { useFeedback, validValues } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const CLOCK_STATUS: Record<CaseClock['status'], [string, string]> = {
  not_started: ['未开始', 'default'],
  running: ['计时中', 'processing'],
  paused: ['已暂停（挂起）', 'warning'],
  met: ['按时完成', 'success'],
  breached: ['已超时', 'error'],
};

/** 工单详情: the record, its clocks with due times and breach flags, the timeline and the allowed actions. */
export default function CaseDetailPage() {
  const { id } = useParams();
  const { data, loading, error, reload } = useGet<CaseDetail>(`/cases/${id}`);
  const [action, setAction] = useState<CaseAction | null>(null);

  if (error) return <Alert type="error" showIcon message={error.userMessage} />;
  if (!data) return <Card loading={loading} />;
  return (
    <PageContainer
      title={`#${data.id} ${data.title}`}
      subTitle={
        <Space>
          <Tag color="blue">{data.stateLabel}</Tag>
          {data.overdue ? <Tag color="red">超期</Tag> : null}
          {data.supervisionLevel > 0 ? (
            <Tag color={data.escalated ? 'magenta' : 'orange'}>{data.supervisionLabel}</Tag>
          ) : null}
        </Space>
      }
      header={<Link to="/cases">← 返回工单台账</Link>}
      extra={
        <Space wrap>
          {data.actions.map((a) => (
            <Button
              key={a.action}
              type={a.action === 'sign' || a.action === 'reply' ? 'primary' : 'default'}
              onClick={() => setAction(a)}
            >
              {a.label}
            </Button>
          ))}
        </Space>
      }
    >
      <Card size="small" title="诉求内容" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="分类">
            {data.categoryName}（{data.tierLabel}）
          </Descriptions.Item>
          <Descriptions.Item label="渠道">{data.channelLabel}</Descriptions.Item>
          <Descriptions.Item label="诉求人">
            <ReporterContact detail={data} />
          </Descriptions.Item>
          <Descriptions.Item label="首次联系">
            {data.firstContactedAt ? formatTime(data.firstContactedAt) : '尚未联系'}
          </Descriptions.Item>
          <Descriptions.Item label="所属区域">{data.orgName}</Descriptions.Item>
          <Descriptions.Item label="主办单位">
            {data.handlingUnitName ?? '—'}
            {data.leadOrgName && data.leadOrgName !== data.handlingUnitName ? `（${data.leadOrgName}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="协办单位">
            {data.coUnits.map((c) => c.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="地址">{data.address ?? '—'}</Descriptions.Item>
          {data.compoundName ? (
            <Descriptions.Item label="涉及小区">{data.compoundName}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label="提交时间">{formatTime(data.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="评价">
            {data.rating
              ? RATING_LABELS[data.rating]
              : data.pendingRating
                ? `${data.pendingRating.ratingLabel}（待生效，${formatTime(data.pendingRating.effectiveAt)} 生效）`
                : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="发回重办">{data.redoCount} 次</Descriptions.Item>
          <Descriptions.Item label="退单">{data.returnCount} 次</Descriptions.Item>
          <Descriptions.Item label="积分">
            {data.pointsAwarded ? `已记 ${data.pointsAwarded} 分` : '办结核实后记分'}
          </Descriptions.Item>
          {data.duplicateOf ? (
            <Descriptions.Item label="重复件">
              <Link to={`/cases/${data.duplicateOf}`}>合并至 #{data.duplicateOf}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
          {data.description}
        </Typography.Paragraph>
        {data.publicReply ? <Alert type="success" message={`答复：${data.publicReply}`} /> : null}
        <Attachments items={data.attachments.filter((a) => a.stage === 'report')} />
        {data.attachments.some((a) => a.stage === 'evidence') ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              办理凭证
            </Typography.Title>
            <Attachments items={data.attachments.filter((a) => a.stage === 'evidence')} testId="evidence" />
          </>
        ) : null}
      </Card>
      <Card
        size="small"
        title="办理时限（工作时间 08:30–12:00、14:00–17:30，节假日与挂起期间不计）"
        style={{ marginBottom: 12 }}
      >
        <Table<CaseClock>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={data.clocks}
          columns={[
            { title: '时限', dataIndex: 'label' },
            { title: '开始', dataIndex: 'startedAt', render: formatTime },
            {
              title: '到期',
              dataIndex: 'dueAt',
              render: (v: string | null, c: CaseClock) => (
                <>
                  {formatTime(v)}
                  {c.provisional ? (
                    <Tooltip title="跨越尚未公布节假日安排的年份，按周末计算">
                      <Tag color="gold" style={{ marginLeft: 6 }}>
                        暂定
                      </Tag>
                    </Tooltip>
                  ) : null}
                </>
              ),
            },
            { title: '完成', dataIndex: 'stoppedAt', render: formatTime },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: CaseClock['status']) => <Tag color={CLOCK_STATUS[s][1]}>{CLOCK_STATUS[s][0]}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title="办理过程">
        <Timeline
          items={data.events.map((e) => ({
            key: e.id,
            color:
              e.action === 'rate' && e.toState === 'in_progress'
                ? 'red'
                : e.toState === 'closed'
                  ? 'green'
                  : 'blue',
            children: (
              <div data-testid="case-event">
                <strong>{e.actionLabel}</strong> → {e.toStateLabel}
                <span style={{ color: '#888', marginLeft: 8 }}>
                  {formatTime(e.at)} · {e.actorName}
                </span>
                {e.comment ? <div>{e.comment}</div> : null}
                {e.payload?.rating ? <div>评价：{RATING_LABELS[String(e.payload.rating)]}</div> : null}
                {e.payload?.reply ? <div>答复：{String(e.payload.reply)}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      {action ? (
        <ActionDialog
          detail={data}
          action={action}
          onClose={(changed) => {
            setAction(null);
            if (changed) reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

/** A case's attachments (the report's photos, the handling evidence) in the console's one file list. */
function Attachments({ items, testId }: { items: CaseDetail['attachments']; testId?: string }) {
  return (
    <FileList
      testId={testId}
      files={items.map((a) => ({
        key: String(a.id),
        url: a.url,
        name: a.fileName,
        kind: a.kind,
        sizeBytes: a.size,
      }))}
    />
  );
}

/**
 * The reporter's name and phone, masked; the handler of the case reveals the full number with one click
 * (the server records the read in the audit log) to make the first contact.
 */
function ReporterContact({ detail }: { detail: CaseDetail }) {
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { showError } = useFeedback();
  const reveal = async () => {
    setBusy(true);
    try {
      const res = await api.post<{ reporterPhone: string | null }>(`/cases/${detail.id}/contact/reveal`, {});
      setFull(res.reporterPhone);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4} wrap>
      <span>{detail.reporterName ?? '—'}</span>
      {full ? (
        <a href={`tel:${full}`} data-testid="reporter-phone">
          {full}
        </a>
      ) : (
        <span data-testid="reporter-phone">{detail.reporterPhone ?? '未留电话'}</span>
      )}
      {detail.contactRevealable && !full ? (
        <Tooltip title="查看完整号码会记入审计日志">
          <Button size="small" type="link" loading={busy} onClick={reveal}>
            查看完整号码
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}

function ActionDialog({
  detail,
  action,
  onClose,
}: {
  detail: CaseDetail;
  action: CaseAction;
  onClose: (changed: boolean) => void;
}) {
  const caseId = detail.id;
  const suggested = detail.suggestedLeadOrg;
  const [form] = Form.useForm();
  const { message, showError } = useFeedback();
  const [busy, setBusy] = useState(false);
  const needs = new Set(action.requires);
  // evidence uploaded earlier and not yet part of a reply (the handler's draft)
  const [uploaded, setUploaded] = useState<CaseDetail['attachments']>(() =>
    detail.attachments.filter((a) => a.stage === 'evidence' && !a.attached),
  );
  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    setBusy(true);
    try {
      const coOrgIds = (values.coOrgIds as Array<number | undefined> | undefined)?.filter(
        (v): v is number => v !== undefined && v !== null,
      );
      await api.post(`/cases/${caseId}/transitions`, {
        action: action.action,
        ...values,
        ...(coOrgIds?.length ? { coOrgIds } : { coOrgIds: undefined }),
      });
      message.success(`已${action.label}`);
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const rating = Form.useWatch('rating', form);
  // 不满意 sends the case back: the unit is told why
  const reasonRequired = needs.has('reason') || (needs.has('rating') && rating === 'unsatisfied');
  return (
    <Modal
      open
      title={action.label}
      onCancel={() => onClose(false)}
      onOk={submit}
      confirmLoading={busy}
      okText="确定"
      cancelText="取消"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={needs.has('leadOrgId') && suggested ? { leadOrgId: suggested.id } : {}}
      >
        {needs.has('leadOrgId') ? (
          <>
            <Form.Item
              name="leadOrgId"
              label="主办单位"
              rules={[{ required: true, message: '请选择主办单位' }]}
              extra={
                suggested ? (
                  <span data-testid="suggested-lead">
                    按「{detail.categoryName}」派单规则推荐：{suggested.name}
                    <Button
                      type="link"
                      size="small"
                      onClick={() => form.setFieldValue('leadOrgId', suggested.id)}
                    >
                      使用推荐
                    </Button>
                  </span>
                ) : (
                  '该分类在本区域没有派单规则，请选择承办单位'
                )
              }
            >
              <OrgTreeSelect initialLabel={suggested?.name} placeholder="选择主办单位，可输入名称搜索" />
            </Form.Item>
            <Form.List name="coOrgIds">
              {(fields, { add, remove }) => (
                <Form.Item label="协办单位（大事协同办，可不填）" style={{ marginBottom: 8 }}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                      <Form.Item name={f.name} noStyle>
                        <OrgTreeSelect style={{ width: 380 }} placeholder="选择协办单位" />
                      </Form.Item>
                      <Button type="link" size="small" onClick={() => remove(f.name)}>
                        移除
                      </Button>
                    </Space>
                  ))}
                  {fields.length < 10 ? (
                    <Button size="small" onClick={() => add()}>
                      添加协办单位
                    </Button>
                  ) : null}
                </Form.Item>
              )}
            </Form.List>
          </>
        ) : null}
        {needs.has('duplicateOf') ? (
          <Form.Item
            name="duplicateOf"
            label="合并到（重复的工单）"
            rules={[{ required: true, message: '请选择要合并到的工单' }]}
            extra="先列出相似的在办工单；可输入标题或内容搜索"
          >
            <CaseSelect current={detail} />
          </Form.Item>
        ) : null}
        {needs.has('days') ? (
          <Form.Item
            name="days"
            label={FIELD_LABELS.days}
            rules={[{ required: true, message: '请填写延期天数' }]}
          >
            <InputNumber min={1} max={60} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {needs.has('rating') ? (
          <Form.Item
            name="rating"
            label="回访评价"
            rules={[{ required: true, message: '请选择评价' }]}
            extra={
              detail.ratingChangeMinutes > 0
                ? `评价 ${detail.ratingChangeMinutes} 分钟后生效，之前可以修改；「不满意」生效后发回重办并提高督办等级`
                : '「不满意」将发回重办并提高督办等级'
            }
          >
            <Radio.Group
              options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        ) : null}
        {needs.has('reply') ? (
          <Form.Item
            name="reply"
            label={FIELD_LABELS.reply}
            rules={[{ required: true, message: '请填写答复内容' }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        ) : null}
        {needs.has('evidence') ? (
          <>
            <Form.Item
              name="evidence"
              label="办理凭证（现场照片、文书编号等说明）"
              rules={
                uploaded.length ? [] : [{ required: true, message: '请填写办理凭证，或上传现场照片、文书' }]
              }
              extra="可以只上传照片或文件，不写说明"
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item label="凭证照片和文件（JPG/PNG/WebP/PDF/Word/Excel，每个不超过 5 MB）">
              <Upload
                accept="image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx"
                multiple
                showUploadList={false}
                customRequest={async (opts) => {
                  const form = new FormData();
                  form.append('file', opts.file as Blob);
                  try {
                    const item = await upload<CaseDetail['attachments'][number]>(
                      `/cases/${caseId}/evidence`,
                      form,
                    );
                    setUploaded((list) => [...list, item]);
                    opts.onSuccess?.(item);
                  } catch (e) {
                    showError(e);
                    opts.onError?.(e as Error);
                  }
                }}
              >
                <Button data-testid="evidence-upload">上传照片或文件</Button>
              </Upload>
              <Attachments items={uploaded} testId="evidence-uploaded" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          name="comment"
          label={reasonRequired ? FIELD_LABELS.reason : '说明（可选）'}
          rules={reasonRequired ? [{ required: true, message: '请填写说明' }] : []}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CaseOption {
  value: number;
  label: string;
}

/**
 * Pick the case this one duplicates: open cases similar to it first (`GET /cases/similar`, same
 * category nearby or similar text), then a search by title and content (`GET /cases?q=`), as 编号 + 标题.
 */
function CaseSelect({
  id,
  value,
  onChange,
  current,
}: {
  id?: string;
  value?: number;
  onChange?: (value: number | undefined) => void;
  current: CaseDetail;
}) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<CaseOption[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    const load = query
      ? api
          .get<{ items: CaseItem[] }>('/cases', { q: query, state: 'open', pageSize: 20 })
          .then((page) =>
            page.items.map((c) => ({ value: c.id, label: `#${c.id} ${c.title}（${c.stateLabel}）` })),
          )
      : api
          .get<{ items: SimilarCase[] }>('/cases/similar', {
            category: current.categoryId,
            text: `${current.title} ${current.description}`.slice(0, 500),
            ...(current.lat !== null && current.long !== null
              ? { lat: current.lat, long: current.long }
              : {}),
          })
          .then((page) =>
            page.items.map((c) => ({
              value: c.id,
              label: `#${c.id} ${c.title}（${c.stateLabel}，相似${c.distanceMeters === null ? '' : ` · ${c.distanceMeters} 米内`}）`,
            })),
          );
    load
      .then((items) => {
        if (live) setOptions(items.filter((o) => o.value !== current.id));
      })
      .catch(() => {
        if (live) setOptions([]);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [query, current]);
  return (
    <Select<number>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      allowClear
      placeholder="输入标题或内容搜索工单"
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={
        loading ? '加载中…' : query ? '没有找到在办工单' : '没有相似的在办工单，请输入标题搜索'
      }
    />
  );
}
