import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { PageContainer } from '../../PageContainer';
import { OrgDetailView } from './OrgDetailView';

/** 党组织详情 at `/orgs/:id`. */
export default function OrgDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  return (
    <PageContainer
      title="党组织详情"
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/orgs?id=${encodeURIComponent(id)}`)}>
          返回组织架构
        </Button>
      }
    >
      <OrgDetailView key={id} orgId={id} />
    </PageContainer>
  );
}
