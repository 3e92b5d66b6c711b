import { Button, Card, Form, Input, NavBar, Result, TextArea, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ServiceDay } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';

interface SignupValues {
  company: string;
  title: string;
  description: string;
  contactName?: string;
  contactPhone?: string;
}

/**
 * 企业服务日 (蓬莱: 每月8日企业家接待日): the days held for the caller's organization, and a sign-up
 * that is filed as a case at once (it then shows under 我的诉求 with its progress).
 */
export default function ServiceDayPage() {
  const navigate = useNavigate();
  const { data, loading } = useGet<{ items: ServiceDay[] }>('/service-days');
  const days = (data?.items ?? []).filter((d) => d.actions.includes('signup'));
  const [chosen, setChosen] = useState<number | null>(null);
  const day = days.find((d) => d.id === chosen) ?? (days.length === 1 ? days[0] : undefined);
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());
  const [form] = Form.useForm<SignupValues>();

  const submit = async (values: SignupValues) => {
    if (!day) return;
    setBusy(true);
    try {
      const answer = await api.post<{ caseId: number; sessionDate: string }>(
        `/service-days/${day.id}/signups`,
        {
          ...values,
          contactName: values.contactName || undefined,
          contactPhone: values.contactPhone || undefined,
        },
        { headers: { 'idempotency-key': key.current } },
      );
      Toast.show({ icon: 'success', content: `已报名 ${answer.sessionDate}，工单编号 ${answer.caseId}` });
      navigate(`/cases/${answer.caseId}`, { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>企业服务日</NavBar>
      {!loading && days.length === 0 ? (
        <Result
          status="info"
          title="暂无面向您所在组织的企业服务日"
          description="可通过「随手拍」向部门点单"
        />
      ) : null}
      {days.map((d) => (
        <Card
          key={d.id}
          className="hlm-card"
          title={d.name}
          extra={<span className="hlm-muted">每月 {d.dayOfMonth} 日</span>}
          onClick={() => setChosen(d.id)}
          style={day?.id === d.id && days.length > 1 ? { outline: '2px solid var(--adm-color-primary)' } : {}}
        >
          <div data-testid="next-date">
            下次接待：<strong>{d.nextDate}</strong>
            {d.nextDateProvisional ? '（该年节假日安排尚未公布，日期暂定）' : '（逢节假日顺延）'}
          </div>
          <div className="hlm-muted">
            {d.orgName}
            {d.location ? ` · ${d.location}` : ''}
          </div>
          {d.description ? <div className="hlm-muted">{d.description}</div> : null}
        </Card>
      ))}
      {day ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          footer={
            <Button block color="primary" size="large" type="submit" loading={busy}>
              报名并提交诉求
            </Button>
          }
        >
          <Form.Header>
            报名「{day.name}」{day.nextDate}
          </Form.Header>
          <Form.Item name="company" label="企业名称" rules={[{ required: true, message: '请填写企业名称' }]}>
            <Input placeholder="如：蓬莱某某重工有限公司" maxLength={100} />
          </Form.Item>
          <Form.Item name="title" label="诉求事项" rules={[{ required: true, message: '请填写诉求事项' }]}>
            <Input placeholder="一句话说明需要协调的事" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="description"
            label="具体内容"
            rules={[{ required: true, message: '请填写具体内容' }]}
          >
            <TextArea placeholder="现状、困难和希望得到的支持" rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="contactName" label="联系人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label="联系电话"
            rules={[{ pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: '联系电话格式不正确' }]}
          >
            <Input type="tel" maxLength={13} />
          </Form.Item>
        </Form>
      ) : null}
    </div>
  );
}
