import { Button, DotLoading, ErrorBlock, NoticeBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { DEMO_NOTICE, useHealth } from '../api/hooks';
import { useAuth } from '../components/auth';

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
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return children;
}

/** Whether the user can do anything in the desktop console beyond seeing their own record. */
export function hasConsoleWork(permissions: string[]): boolean {
  return permissions.some((p) => p !== 'profile.self');
}
