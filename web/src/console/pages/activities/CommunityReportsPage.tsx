import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type BuildingList, hours, type OrgReports } from '../../../api/activities';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/**
 * 双报到: for a community, the serving members who reported to it (grid, building) and what they served
 * there this year; for a branch, its members who reported and served in their communities. Below, the
 * community's buildings and their 楼栋长.
 */
export default function CommunityReportsPage() {
  const [orgId, setOrgId] = useState<Id | undefined>();
  const reports = useGet<OrgReports>(orgId ? `/orgs/${orgId}/community-reports` : null);
  const buildings = useGet<BuildingList>(orgId ? `/orgs/${orgId}/buildings` : null);
  const [adding, setAdding] = useState(false);
  const d = reports.data;
  return (
    <PageContainer
      title="双报到"
      subTitle="在职党员到居住地社区报到，进网格、到楼栋；在社区的服务同时计入本支部和社区"
    >
      <Card size="small">
        <Space wrap>
          <Typography.Text>社区或支部：</Typography.Text>
          <OrgTreeSelect value={orgId} onChange={setOrgId} style={{ width: 360 }} />
        </Space>
      </Card>
      {orgId ? (
        <>
          <Card size="small" style={{ marginTop: 12 }}>
            <Space size={48}>
              <Statistic title="报到党员" value={d?.reported ?? 0} />
              <Statistic title={`${d?.year ?? ''} 年参加服务`} value={d?.served ?? 0} />
              <Statistic title="服务时长（小时）" value={d ? Math.round((d.minutes / 60) * 10) / 10 : 0} />
            </Space>
          </Card>
          <Card size="small" title="报到名单" style={{ marginTop: 12 }}>
            <Table
              size="small"
              rowKey="id"
              loading={reports.loading}
              dataSource={d?.items ?? []}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={reports.error?.userMessage ?? '还没有党员报到'} /> }}
              columns={[
                { title: '姓名', dataIndex: 'name', width: 140 },
                {
                  title: '',
                  width: 90,
                  render: (_, r) =>
                    r.side === 'community' ? <Tag color="red">向本社区</Tag> : <Tag>本支部党员</Tag>,
                },
                { title: '所在支部', dataIndex: 'branchName', ellipsis: true },
                { title: '报到社区', dataIndex: 'communityName', ellipsis: true },
                { title: '网格', dataIndex: 'gridName', width: 180, ellipsis: true },
                { title: '楼栋', dataIndex: 'buildingName', width: 140 },
                { title: '报到日期', dataIndex: 'reportedOn', width: 110 },
                {
                  title: '今年服务',
                  width: 110,
                  render: (_, r) =>
                    r.minutes > 0 ? (
                      hours(r.minutes)
                    ) : (
                      <Typography.Text type="secondary">未服务</Typography.Text>
                    ),
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title="楼栋与楼栋长"
            style={{ marginTop: 12 }}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                登记楼栋
              </Button>
            }
          >
            <Table
              size="small"
              rowKey="id"
              loading={buildings.loading}
              dataSource={buildings.data?.items ?? []}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description="还没有登记楼栋" /> }}
              columns={[
                { title: '楼栋', dataIndex: 'name' },
                { title: '所属', dataIndex: 'orgName', ellipsis: true },
                { title: '楼栋长', dataIndex: 'headName', width: 120 },
                { title: '电话', dataIndex: 'headPhone', width: 140 },
                { title: '报到党员', dataIndex: 'reported', width: 100 },
              ]}
            />
          </Card>
        </>
      ) : (
        <Card style={{ marginTop: 12 }}>
          <Empty description="请选择社区（或支部）" />
        </Card>
      )}
      {adding && orgId ? (
        <BuildingModal
          orgId={orgId}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            buildings.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function BuildingModal({ orgId, onClose, onDone }: { orgId: Id; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ name: string; headName?: string; headPhone?: string }>();
  const { saving, save, message } = useSave(form);
  return (
    <Modal
      open
      title="登记楼栋"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save(async () => {
            await api.post(`/orgs/${orgId}/buildings`, v);
            message.success('楼栋已登记');
            onDone();
          })
        }
      >
        <Form.Item
          name="name"
          label="楼栋"
          rules={[{ required: true, whitespace: true, message: '请填写楼栋名称' }]}
        >
          <Input maxLength={60} placeholder="如：兴隆花园3号楼" />
        </Form.Item>
        <Form.Item name="headName" label="楼栋长">
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="headPhone" label="楼栋长手机号">
          <Input maxLength={11} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
