import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Station, StationList, StationRedemptions, StationReward } from '../../../api/points';
import type { Id } from '../../../api/types';
import { formatDateTime } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback, useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/**
 * 驿站管理 (seed 004's 暖“新”驿站): the stations the caller's organizations run, their rewards with cost
 * and stock (changed in place, switched off and on), what was redeemed at each (to hand it over), and
 * a new station. Redemption itself happens on the phone pages, paid in points from the person's account.
 */
export default function StationsPage() {
  const stations = useGet<StationList>('/stations', { mine: 'true' });
  const [creating, setCreating] = useState(false);
  const [addingTo, setAddingTo] = useState<Station | null>(null);
  const [redemptionsOf, setRedemptionsOf] = useState<Station | null>(null);
  const items = stations.data?.items ?? [];

  return (
    <PageContainer
      title="驿站管理"
      subTitle="暖“新”驿站：骑手和群众歇脚、饮水、充电，用反映问题得到的积分兑换物品"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          设立驿站
        </Button>
      }
    >
      <Card size="small">
        <Table<Station>
          size="small"
          rowKey="id"
          loading={stations.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={stations.error?.userMessage ?? '本辖区还没有驿站'} /> }}
          expandable={{
            expandedRowKeys: items.map((s) => s.id),
            showExpandColumn: false,
            expandedRowRender: (s) => <Rewards station={s} onChanged={stations.reload} />,
          }}
          columns={[
            { title: '驿站', dataIndex: 'name', ellipsis: true },
            { title: '所属党组织', dataIndex: 'orgName', width: 220, ellipsis: true },
            { title: '地址', dataIndex: 'address', ellipsis: true },
            { title: '开放时间', dataIndex: 'hours', width: 140 },
            {
              title: '可兑换物品',
              width: 110,
              render: (_, s) => `${s.rewards.filter((r) => r.active).length} 种`,
            },
            {
              title: '操作',
              width: 180,
              render: (_, s) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setAddingTo(s)}>
                    新增物品
                  </Button>
                  <Button type="link" size="small" onClick={() => setRedemptionsOf(s)}>
                    兑换记录
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <StationModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            stations.reload();
          }}
        />
      ) : null}
      {addingTo ? (
        <RewardModal
          station={addingTo}
          onClose={() => setAddingTo(null)}
          onDone={() => {
            setAddingTo(null);
            stations.reload();
          }}
        />
      ) : null}
      {redemptionsOf ? (
        <RedemptionsDrawer station={redemptionsOf} onClose={() => setRedemptionsOf(null)} />
      ) : null}
    </PageContainer>
  );
}

type Draft = Record<string, { cost?: number | undefined; stock?: number | undefined }>;

/** A station's rewards: cost and stock edited in place, each row saved on its own. */
function Rewards({ station, onChanged }: { station: Station; onChanged: () => void }) {
  const { message, showError } = useFeedback();
  const [draft, setDraft] = useState<Draft>({});
  const edit = (id: Id, change: Draft[string]) =>
    setDraft((d) => ({ ...d, [String(id)]: { ...d[String(id)], ...change } }));
  const save = async (
    r: StationReward,
    change: Partial<Pick<StationReward, 'cost' | 'stock' | 'active'>>,
  ) => {
    try {
      await api.patch(`/stations/${station.id}/rewards/${r.id}`, change);
      message.success(`「${r.name}」已保存`);
      setDraft((d) => ({ ...d, [String(r.id)]: {} }));
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  if (station.rewards.length === 0)
    return <Empty description="还没有兑换物品" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<StationReward>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={station.rewards}
      columns={[
        { title: '物品', dataIndex: 'name' },
        {
          title: '所需积分',
          width: 140,
          render: (_, r) => (
            <InputNumber
              min={1}
              max={100000}
              precision={0}
              value={draft[String(r.id)]?.cost ?? r.cost}
              onChange={(v) => edit(r.id, { cost: v ?? undefined })}
              aria-label={`${r.name}所需积分`}
            />
          ),
        },
        {
          title: '库存',
          width: 140,
          render: (_, r) => (
            <InputNumber
              min={0}
              max={1000000}
              precision={0}
              value={draft[String(r.id)]?.stock ?? r.stock}
              onChange={(v) => edit(r.id, { stock: v ?? undefined })}
              aria-label={`${r.name}库存`}
            />
          ),
        },
        {
          title: '上架',
          width: 80,
          render: (_, r) => (
            <Switch
              size="small"
              checked={r.active}
              onChange={(active) => save(r, { active })}
              aria-label={`${r.name}上架`}
            />
          ),
        },
        {
          title: '',
          width: 80,
          render: (_, r) => {
            const d = draft[String(r.id)] ?? {};
            const change = {
              ...(d.cost !== undefined && d.cost !== r.cost ? { cost: d.cost } : {}),
              ...(d.stock !== undefined && d.stock !== r.stock ? { stock: d.stock } : {}),
            };
            return (
              <Button
                size="small"
                type="link"
                disabled={Object.keys(change).length === 0}
                onClick={() => save(r, change)}
              >
                保存
              </Button>
            );
          },
        },
      ]}
    />
  );
}

interface StationValues {
  orgId: Id;
  name: string;
  address?: string;
  hours?: string;
  services?: string;
  lat?: number | null;
  long?: number | null;
}

function StationModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<StationValues>();
  const { saving, save, message } = useSave(form);
  const submit = async (values: StationValues) => {
    await save(async () => {
      await api.post('/stations', {
        ...values,
        name: values.name.trim(),
        lat: values.lat ?? null,
        long: values.long ?? null,
      });
      message.success('驿站已设立');
      onDone();
    });
  };
  return (
    <Modal
      open
      title="设立驿站"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<StationValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ hours: '每天 8:00–22:00' }}
      >
        <Form.Item name="orgId" label="所属党组织" rules={[{ required: true, message: '请选择所属党组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="name"
          label="驿站名称"
          rules={[{ required: true, whitespace: true, message: '请填写驿站名称' }]}
        >
          <Input maxLength={60} placeholder="如：兴隆社区暖“新”驿站" />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="lat" label="纬度">
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="long" label="经度">
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="hours" label="开放时间">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="services" label="服务内容">
          <Input.TextArea maxLength={500} rows={2} placeholder="休息、饮水、充电、微波炉加热、应急药品" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RewardValues {
  name: string;
  cost: number;
  stock: number;
}

function RewardModal({
  station,
  onClose,
  onDone,
}: {
  station: Station;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<RewardValues>();
  const { saving, save, message } = useSave(form);
  const submit = async (values: RewardValues) => {
    await save(async () => {
      await api.post(`/stations/${station.id}/rewards`, { ...values, name: values.name.trim() });
      message.success(`已新增「${values.name.trim()}」`);
      onDone();
    });
  };
  return (
    <Modal
      open
      title={`新增兑换物品 · ${station.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<RewardValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label="物品名称"
          rules={[{ required: true, whitespace: true, message: '请填写物品名称' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="cost" label="所需积分" rules={[{ required: true, message: '请填写所需积分' }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="stock" label="库存" rules={[{ required: true, message: '请填写库存' }]}>
          <InputNumber min={0} max={1000000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RedemptionsDrawer({ station, onClose }: { station: Station; onClose: () => void }) {
  const list = useGet<StationRedemptions>(`/stations/${station.id}/redemptions`);
  return (
    <Drawer open size={640} title={`兑换记录 · ${station.name}`} onClose={onClose}>
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有兑换记录'} /> }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: '兑换人', dataIndex: 'personName', ellipsis: true },
          { title: '物品', dataIndex: 'rewardName', ellipsis: true },
          { title: '数量', dataIndex: 'quantity', width: 60 },
          { title: '积分', dataIndex: 'cost', width: 70, render: (v: number) => <Tag color="red">{v}</Tag> },
        ]}
      />
    </Drawer>
  );
}
