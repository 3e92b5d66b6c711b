import { ConfigProvider, unstableSetRender } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useUser } from '../components/auth';
import '../components/format';
import { RouteErrorBoundary } from '../components/ErrorBoundary';
import { worksAQueue } from './menu';
import { MobileShell, PageCrashed, RequireMobileAuth } from './shell';
import './mobile.css';

// antd-mobile 5 renders Toast and Dialog with the React 18 API; give it React 19's createRoot.
unstableSetRender((node, container) => {
  const host = container as (Element | DocumentFragment) & { _hlRoot?: Root };
  host._hlRoot ??= createRoot(host);
  const root = host._hlRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    host._hlRoot = undefined;
  };
});

const SelectionsPage = lazy(() => import('./pages/SelectionsPage'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const MePage = lazy(() => import('./pages/MePage'));
const ProfilePage = lazy(() => import('./pages/ProfilePage'));
const DuesPage = lazy(() => import('./pages/DuesPage'));
const MyMemberPage = lazy(() => import('./pages/MyMemberPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const MyCasesPage = lazy(() => import('./pages/MyCasesPage'));
const ServiceDayPage = lazy(() => import('./pages/ServiceDayPage'));
const MyCaseDetailPage = lazy(() =>
  import('./pages/MyCasesPage').then((m) => ({ default: m.MyCaseDetailPage })),
);
const QueuePage = lazy(() => import('./pages/QueuePage'));
const PointsPage = lazy(() => import('./pages/PointsPage'));
const StationsPage = lazy(() => import('./pages/StationsPage'));
const ActivitiesPage = lazy(() => import('./pages/ActivitiesPage'));
const CheckInPage = lazy(() => import('./pages/CheckInPage'));
const ServicePage = lazy(() => import('./pages/ServicePage'));
const MyProgressPage = lazy(() => import('./pages/MyProgressPage'));
const MyMeetingsPage = lazy(() => import('./pages/MyMeetingsPage'));
const LearningPage = lazy(() => import('./pages/LearningPage'));
const LearningReadPage = lazy(() =>
  import('./pages/LearningPage').then((m) => ({ default: m.LearningReadPage })),
);
const MyAlliancesPage = lazy(() => import('./pages/MyAlliancesPage'));
const PairingVisitPage = lazy(() => import('./pages/PairingVisitPage'));
const RemindersPage = lazy(() => import('./pages/RemindersPage'));
const AssistantPage = lazy(() => import('./pages/AssistantPage'));
const PoliciesPage = lazy(() => import('./pages/PoliciesPage'));
const VisitsPage = lazy(() => import('./pages/VisitsPage'));
const LiaisonCardPage = lazy(() => import('./pages/LiaisonCardPage'));
const EnterpriseFactsPage = lazy(() =>
  import('./pages/PoliciesPage').then((m) => ({ default: m.EnterpriseFactsPage })),
);
const FindingPage = lazy(() => import('./pages/RemindersPage').then((m) => ({ default: m.FindingPage })));

/** The first screen: a handler's or grid worker's queue, everyone else's 我的. */
function Home() {
  const user = useUser();
  return worksAQueue(user) ? <Navigate to="/queue" replace /> : <MePage />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN}>
      <BrowserRouter basename="/m">
        <AuthProvider>
          <MobileShell>
            <RouteErrorBoundary fallback={(error, retry) => <PageCrashed error={error} retry={retry} />}>
              <Suspense fallback={null}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route
                    path="/"
                    element={
                      <RequireMobileAuth>
                        <Home />
                      </RequireMobileAuth>
                    }
                  />
                  <Route
                    path="/profile"
                    element={
                      <RequireMobileAuth>
                        <ProfilePage />
                      </RequireMobileAuth>
                    }
                  />
                  <Route
                    path="/member"
                    element={
                      <RequireMobileAuth>
                        <MyMemberPage />
                      </RequireMobileAuth>
                    }
                  />
                  <Route
                    path="/dues"
                    element={
                      <RequireMobileAuth>
                        <DuesPage />
                      </RequireMobileAuth>
                    }
                  />
                  {(
                    [
                      ['/me', <MePage key="me" />],
                      ['/queue', <QueuePage key="q" />],
                      ['/report', <ReportPage key="r" />],
                      ['/service-day', <ServiceDayPage key="sd" />],
                      ['/cases', <MyCasesPage key="c" />],
                      ['/cases/:id', <MyCaseDetailPage key="d" />],
                      ['/points', <PointsPage key="p" />],
                      ['/stations', <StationsPage key="st" />],
                      ['/activities', <ActivitiesPage key="ac" />],
                      ['/check-in', <CheckInPage key="ci" />],
                      ['/service', <ServicePage key="sv" />],
                      ['/selections', <SelectionsPage key="sel" />],
                      ['/progress', <MyProgressPage key="g" />],
                      ['/meetings', <MyMeetingsPage key="mt" />],
                      ['/learning', <LearningPage key="ln" />],
                      ['/learning/:id', <LearningReadPage key="lr" />],
                      ['/alliances', <MyAlliancesPage key="al" />],
                      ['/pairing', <PairingVisitPage key="pv" />],
                      ['/reminders', <RemindersPage key="rm" />],
                      ['/assistant', <AssistantPage key="as" />],
                      ['/findings/:id', <FindingPage key="f" />],
                      ['/policies', <PoliciesPage key="pol" />],
                      ['/visits', <VisitsPage key="vis" />],
                      ['/liaison-card', <LiaisonCardPage key="lc" />],
                      ['/enterprise-facts', <EnterpriseFactsPage key="ef" />],
                    ] as const
                  ).map(([path, page]) => (
                    <Route key={path} path={path} element={<RequireMobileAuth>{page}</RequireMobileAuth>} />
                  ))}
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Routes>
              </Suspense>
            </RouteErrorBoundary>
          </MobileShell>
        </AuthProvider>
      </BrowserRouter>
    </ConfigProvider>
  </StrictMode>,
);
