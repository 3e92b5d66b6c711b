import { Button, DotLoading, ErrorBlock, NoticeBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { DEMO_NOTICE, useHealth } from '../api/hooks';
import { useAuth } from '../components/auth';
import { isChunkLoadError } from '../components/ErrorBoundary';

/** The phone frame: at most 480 px wide, the demo notice on top. */
export function MobileShell({ children }: { children: ReactNode }) {
  const health = useHealth();
  const { demo } = useAuth();
  return (
    <div className="hlm-app">
      {demo || health?.demo ? (
        <NoticeBar content={DEMO_NOTICE} color="alert" wrap data-testid="demo-banner" />
      ) : null}
      {children}
    </div>
  );
}

export function RequireMobileAuth({ children }: { children: ReactNode }) {
  const { status, user, refresh } = useAuth();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <div className="hlm-center">
        <DotLoading color="primary" />
        <span>加载中</span>
      </div>
    );
  }
  if (status === 'error') {
    return (
      <ErrorBlock status="disconnected" title="无法连接服务器" description="请检查网络连接后重试">
        <Button color="primary" onClick={() => void refresh()}>
          重试
        </Button>
      </ErrorBlock>
    );
  }
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** A phone page that crashed: the frame stays, this says what failed, with a retry and a way home. */
export function PageCrashed({ error, retry }: { error: Error; retry: () => void }) {
  const navigate = useNavigate();
  const chunk = isChunkLoadError(error);
  return (
    <div data-testid="page-crashed">
      <ErrorBlock
        status="default"
        title="页面出错了"
        description={
          chunk
            ? '页面文件加载失败，可能是网络中断或系统刚刚更新，请刷新后重试。'
            : `页面显示时发生错误，请重试；如果仍然出错，请联系管理员。（${error.message || error.name}）`
        }
      >
        <Button color="primary" onClick={chunk ? () => window.location.reload() : retry}>
          {chunk ? '刷新页面' : '重试'}
        </Button>{' '}
        <Button onClick={() => navigate('/')}>返回我的</Button>
      </ErrorBlock>
    </div>
  );
}
