import { Table, Tag } from 'antd';
import type { CaseCategory } from '../../../api/cases';
import { useGet } from '../../../api/hooks';
import { PageContainer } from '../../PageContainer';

/** 分类与派单规则: categories with tier, time limits, questions (the Open311 service definitions) and routes. */
export default function CategoriesPage() {
  const { data, loading } = useGet<{ items: CaseCategory[] }>('/case-categories');
  return (
    <PageContainer
      title="分类与派单规则"
      subTitle="按「分类 × 区域」派单：取最近一级区域的规则；Open311 服务目录由同一数据生成"
    >
      <Table<CaseCategory>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={data?.items ?? []}
        columns={[
          { title: '代码', dataIndex: 'code', width: 70 },
          { title: '分类', dataIndex: 'name', width: 130 },
          { title: '类别', dataIndex: 'groupName', width: 100 },
          { title: '分级', dataIndex: 'tierLabel', width: 170 },
          {
            title: '时限',
            render: (_: unknown, c) =>
              `签收 ${c.signHours} 工作小时 · 首次联系 ${c.contactHours} 工作小时 · 办结 ${c.completeDays} 个工作日`,
          },
          {
            title: '提级督办',
            width: 150,
            render: (_: unknown, c) => `重办 ${c.escalateAfterRedos} 次或退单 ${c.escalateAfterReturns} 次`,
          },
          { title: '积分', dataIndex: 'points', width: 60 },
          {
            title: '登记时询问',
            render: (_: unknown, c) =>
              c.attributes.map((a) => (
                <Tag key={a.code}>
                  {a.description ?? a.code}
                  {a.required ? '（必填）' : ''}
                </Tag>
              )),
          },
          {
            title: '派单规则',
            render: (_: unknown, c) =>
              c.routes.length
                ? c.routes.map((r) => (
                    <div key={`${r.areaOrgId}-${r.handlerOrgId}`}>
                      {r.areaOrgName} → {r.handlerOrgName}
                      {r.autoDispatch ? (
                        <Tag color="green" style={{ marginLeft: 4 }}>
                          自动派单
                        </Tag>
                      ) : null}
                    </div>
                  ))
                : '由属地受理后派单（首接负责）',
          },
        ]}
      />
    </PageContainer>
  );
}
