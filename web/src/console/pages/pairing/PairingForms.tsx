import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { PairingTeam } from '../../../api/pairing';
import type { Id } from '../../../api/types';
import { parseYuan, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { FormModal } from '../../FormModal';

/** The dialogs of 组团帮扶: a team, a pairing, and what a pairing records (visit, purchase, figure, project). */

const yuanRule = (required: boolean) => ({
  validator: (_: unknown, v: string | undefined) =>
    (!v && !required) || parseYuan(v) !== null
      ? Promise.resolve()
      : Promise.reject(new Error('请填写金额（元），最多两位小数')),
});

export function TeamModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  return (
    <FormModal<{ areaOrgId: Id; name: string; leadOrgId: Id }>
      title="建立帮扶组团（一片区一团队）"
      onClose={onClose}
      submit={async (v) => {
        await api.post('/pairing-teams', v);
        onDone();
      }}
    >
      <Form.Item
        name="areaOrgId"
        label="片区（镇、街道党组织）"
        rules={[{ required: true, message: '请选择片区' }]}
      >
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item
        name="name"
        label="组团名称"
        rules={[{ required: true, whitespace: true, message: '请填写组团名称' }]}
      >
        <Input maxLength={100} placeholder="如：莲花片区帮扶组团" />
      </Form.Item>
      <Form.Item name="leadOrgId" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
        <OrgTreeSelect />
      </Form.Item>
    </FormModal>
  );
}

export function PairingModal({
  teams,
  onClose,
  onDone,
}: {
  teams: PairingTeam[];
  onClose: () => void;
  onDone: (id: Id) => void;
}) {
  const year = todayInChina().year();
  return (
    <FormModal<{
      helperOrgId: Id;
      villageOrgId: Id;
      pairingTeamId?: Id;
      fromYear: number;
      toYear?: number;
      note?: string;
    }>
      title="建立结对（1+1）"
      onClose={onClose}
      initialValues={{ fromYear: year, toYear: year + 2 }}
      submit={async (v) => {
        const created = await api.post<{ id: Id }>('/pairings', v);
        onDone(created.id);
      }}
    >
      <Form.Item
        name="helperOrgId"
        label="帮扶单位（机关、事业单位或国有企业的党组织）"
        rules={[{ required: true, message: '请选择帮扶单位' }]}
      >
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item
        name="villageOrgId"
        label="结对村（村党组织）"
        rules={[{ required: true, message: '请选择结对村' }]}
      >
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item name="pairingTeamId" label="所属帮扶组团">
        <Select
          allowClear
          options={teams.map((t) => ({ value: t.id, label: `${t.name}（${t.areaName}）` }))}
        />
      </Form.Item>
      <Form.Item name="fromYear" label="起始年份" rules={[{ required: true, message: '请填写起始年份' }]}>
        <InputNumber min={2000} max={2100} precision={0} />
      </Form.Item>
      <Form.Item name="toYear" label="结束年份（不填为长期）">
        <InputNumber min={2000} max={2100} precision={0} />
      </Form.Item>
      <Form.Item name="note" label="备注">
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
    </FormModal>
  );
}

export function VisitModal({
  pairingId,
  onClose,
  onDone,
}: {
  pairingId: Id;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <FormModal<{ visitedOn: Dayjs; visitors: string; done: string; problems?: string }>
      title="登记走访"
      onClose={onClose}
      initialValues={{ visitedOn: todayInChina() }}
      submit={async (v) => {
        await api.post(`/pairings/${pairingId}/visits`, {
          visitedOn: v.visitedOn.format('YYYY-MM-DD'),
          visitors: v.visitors,
          done: v.done,
          problems: (v.problems ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        });
        onDone();
      }}
    >
      <Form.Item name="visitedOn" label="走访日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item
        name="visitors"
        label="走访人员"
        rules={[{ required: true, whitespace: true, message: '请填写走访人员' }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="done"
        label="做了什么"
        rules={[{ required: true, whitespace: true, message: '请填写走访内容' }]}
      >
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
      <Form.Item name="problems" label="发现的问题（每行一个，可在详情中转为工单）">
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

export function PurchaseModal({
  pairingId,
  onClose,
  onDone,
}: {
  pairingId: Id;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <FormModal<{
      kind: 'produce' | 'plot';
      item: string;
      quantity: number;
      unit: string;
      /** 元 as typed; the field bears the server's name so its errors land here */
      amountFen: string;
      buyer: string;
      purchasedOn: Dayjs;
    }>
      title="登记消费帮扶 / 认领亩田"
      onClose={onClose}
      initialValues={{ kind: 'produce', unit: '斤', purchasedOn: todayInChina() }}
      submit={async ({ amountFen, purchasedOn, ...v }) => {
        await api.post(`/pairings/${pairingId}/purchases`, {
          ...v,
          amountFen: parseYuan(amountFen),
          purchasedOn: purchasedOn.format('YYYY-MM-DD'),
        });
        onDone();
      }}
    >
      <Form.Item name="kind" label="类别">
        <Select
          options={[
            { value: 'produce', label: '采购农产品' },
            { value: 'plot', label: '认领亩田（我在乡间有亩田）' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="item"
        label="品名或地块"
        rules={[{ required: true, whitespace: true, message: '请填写品名或地块' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
        <InputNumber min={0.01} precision={2} />
      </Form.Item>
      <Form.Item
        name="unit"
        label="单位（认领亩田请用“亩”）"
        rules={[{ required: true, message: '请填写单位' }]}
      >
        <Input maxLength={10} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        name="amountFen"
        label="金额（元）"
        rules={[{ required: true, message: '请填写金额' }, yuanRule(true)]}
      >
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="buyer"
        label="购买或认领单位（人）"
        rules={[{ required: true, whitespace: true, message: '请填写购买单位' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="purchasedOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

export function FigureModal({
  pairingId,
  year,
  onClose,
  onDone,
}: {
  pairingId: Id;
  year: number;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <FormModal<{
      year: number;
      metric: 'collective_income' | 'aid_funds';
      /** 元 as typed, under the server's field names */
      targetFen?: string;
      actualFen?: string;
      actualSource?: string;
      actualOn?: Dayjs;
    }>
      title="填报目标和实际数"
      onClose={onClose}
      initialValues={{ year, metric: 'collective_income' }}
      submit={async ({ targetFen, actualFen, actualOn, ...v }) => {
        await api.put(`/pairings/${pairingId}/figures`, {
          ...v,
          ...(targetFen ? { targetFen: parseYuan(targetFen) } : {}),
          ...(actualFen ? { actualFen: parseYuan(actualFen) } : {}),
          ...(actualOn ? { actualOn: actualOn.format('YYYY-MM-DD') } : {}),
        });
        onDone();
      }}
    >
      <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
        <InputNumber min={2000} max={2100} precision={0} />
      </Form.Item>
      <Form.Item name="metric" label="指标">
        <Select
          options={[
            { value: 'collective_income', label: '村集体经济收入' },
            { value: 'aid_funds', label: '帮扶资金' },
          ]}
        />
      </Form.Item>
      <Form.Item name="targetFen" label="目标（元，不改可不填）" rules={[yuanRule(false)]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="actualFen" label="实际（元，不改可不填）" rules={[yuanRule(false)]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="actualSource" label="实际数来源（如村财务报表、农经统计年报）">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="actualOn" label="实际数日期（默认今天）">
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

export function ProjectLinkModal({
  pairingId,
  year,
  onClose,
  onDone,
}: {
  pairingId: Id;
  year: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const projects = useGet<{ items: Array<{ id: Id; title: string; orgName: string }> }>('/projects', {
    topLevel: 'true',
    pageSize: 200,
  });
  return (
    <FormModal<{ projectId: Id; year: number }>
      title="关联帮扶项目"
      onClose={onClose}
      initialValues={{ year }}
      submit={async (v) => {
        await api.post(`/pairings/${pairingId}/projects`, v);
        onDone();
      }}
    >
      <Form.Item
        name="projectId"
        label="项目（在项目管理中新建，节点和进度在那里维护）"
        rules={[{ required: true, message: '请选择项目' }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={projects.loading}
          options={(projects.data?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.title}（${p.orgName}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
        <InputNumber min={2000} max={2100} precision={0} />
      </Form.Item>
    </FormModal>
  );
}
