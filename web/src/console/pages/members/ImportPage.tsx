import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { LedgerImport } from '../../LedgerImport';
import { PageContainer } from '../../PageContainer';

/** 导入党员台账: the shared ledger import flow on the member register. */
export default function ImportPage() {
  const navigate = useNavigate();
  return (
    <PageContainer
      title="导入党员台账"
      subTitle="先预览检查，确认后才写入；同一文件可重复导入，不会重复登记"
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/members')}>
          返回党员名册
        </Button>
      }
    >
      <LedgerImport
        base="/members"
        templatePath="/members/import/template"
        nameTitle="姓名"
        counts={(p) => [
          { key: 'ins', label: '将新增', value: p.toInsert },
          { key: 'upd', label: '将更新', value: p.toUpdate },
        ]}
        messageText={(r) => `新增 ${r.inserted} 名，更新 ${r.updated} 名`}
        resultText={(r) =>
          `新增 ${r.inserted} 名，更新 ${r.updated} 名，未变化 ${r.unchanged} 名，跳过 ${r.skipped} 行`
        }
        doneExtra={() => (
          <Button type="primary" onClick={() => navigate('/members')}>
            查看党员名册
          </Button>
        )}
      />
    </PageContainer>
  );
}
