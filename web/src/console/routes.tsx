import { Button, Result, Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../components/auth';
import type { Permission } from '../domain';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { HOME_PATH } from './nav';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const OrgsPage = lazy(() => import('./pages/orgs/OrgsPage'));
const OrgDetailPage = lazy(() => import('./pages/orgs/OrgDetailPage'));
const UnitsPage = lazy(() => import('./pages/units/UnitsPage'));
const CoveragePage = lazy(() => import('./pages/orgsetup/CoveragePage'));
const InstructorsPage = lazy(() => import('./pages/orgsetup/InstructorsPage'));
const GuidancePage = lazy(() => import('./pages/guidance/GuidancePage'));
const LiaisonPage = lazy(() => import('./pages/guidance/LiaisonPage'));
const StationsPage = lazy(() => import('./pages/stations/StationsPage'));
const ActivitiesPage = lazy(() => import('./pages/activities/ActivitiesPage'));
const TeamsPage = lazy(() => import('./pages/activities/TeamsPage'));
const LearningPage = lazy(() => import('./pages/learning/LearningPage'));
const CommunityReportsPage = lazy(() => import('./pages/activities/CommunityReportsPage'));
const SelectionsPage = lazy(() => import('./pages/activities/SelectionsPage'));
const PropertyPage = lazy(() => import('./pages/property/PropertyPage'));
const PairingPage = lazy(() => import('./pages/pairing/PairingPage'));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage'));
const BulletinsPage = lazy(() => import('./pages/bulletins/BulletinsPage'));
const PoliciesPage = lazy(() => import('./pages/policies/PoliciesPage'));
const AlliancesPage = lazy(() => import('./pages/alliances/AlliancesPage'));
const PartyWorkersPage = lazy(() => import('./pages/orgsetup/PartyWorkersPage'));
const MembersPage = lazy(() => import('./pages/members/MembersPage'));
const MemberDetailPage = lazy(() => import('./pages/members/MemberDetailPage'));
const MemberImportPage = lazy(() => import('./pages/members/ImportPage'));
const DevelopmentBoardPage = lazy(() => import('./pages/development/DevelopmentBoardPage'));
const DevelopmentDetailPage = lazy(() => import('./pages/development/DevelopmentDetailPage'));
const TransfersPage = lazy(() => import('./pages/transfers/TransfersPage'));
const UsersPage = lazy(() => import('./pages/system/UsersPage'));
const RolesPage = lazy(() => import('./pages/system/RolesPage'));
const TokensPage = lazy(() => import('./pages/system/TokensPage'));
const AuditPage = lazy(() => import('./pages/system/AuditPage'));
const JobsPage = lazy(() => import('./pages/system/JobsPage'));
const CalendarPage = lazy(() => import('./pages/system/CalendarPage'));
const ProfilePage = lazy(() => import('./pages/profile/ProfilePage'));
const AssistantPage = lazy(() => import('./pages/assistant/AssistantPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const DuesPage = lazy(() => import('./pages/dues/DuesPage'));
const OrglifePage = lazy(() => import('./pages/orglife/OrglifePage'));
const CompliancePage = lazy(() => import('./pages/compliance/CompliancePage'));
const FindingDetailPage = lazy(() => import('./pages/compliance/FindingDetailPage'));
const RemindersPage = lazy(() => import('./pages/compliance/RemindersPage'));
const CasesPage = lazy(() => import('./pages/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('./pages/cases/CaseDetailPage'));
const CaseCategoriesPage = lazy(() => import('./pages/cases/CategoriesPage'));
const CaseStatsPage = lazy(() => import('./pages/cases/StatsPage'));

function FullPageSpin() {
  return (
    <div className="hl-center hl-full">
      <Spin size="large" description="正在加载…" />
    </div>
  );
}

/** Only for signed-in users; others go to the login page and come back afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user, refresh } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'error') {
    return (
      <Result
        status="warning"
        title="无法连接服务器"
        subTitle="请检查网络连接，或稍后再试。"
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** A page that needs a permission shows 403 to users without it (the menu hides it from them anyway). */
function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色没有访问该页面的权限，如有需要请联系上级组织管理员。"
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回首页
          </Button>
        }
      />
    );
  }
  return children;
}

function HomeRedirect() {
  return <Navigate to={HOME_PATH} replace />;
}

function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}

const guard = (permission: Permission, page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

export function ConsoleRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="home" element={<HomePage />} />
        <Route path="orgs" element={guard('org.read', <OrgsPage />)} />
        <Route path="orgs/:id" element={guard('org.read', <OrgDetailPage />)} />
        <Route path="units" element={guard('unit.read', <UnitsPage />)} />
        <Route path="coverage" element={guard('orgsetup.read', <CoveragePage />)} />
        <Route path="instructors" element={guard('orgsetup.read', <InstructorsPage />)} />
        <Route path="guidance" element={guard('guidance.record', <GuidancePage />)} />
        <Route path="liaison" element={guard('instructor.manage', <LiaisonPage />)} />
        <Route path="stations" element={guard('station.manage', <StationsPage />)} />
        <Route path="activities" element={guard('activity.manage', <ActivitiesPage />)} />
        <Route path="teams" element={guard('activity.manage', <TeamsPage />)} />
        <Route path="learning" element={guard('learning.manage', <LearningPage />)} />
        <Route path="community-reports" element={guard('activity.manage', <CommunityReportsPage />)} />
        <Route path="selections" element={guard('activity.manage', <SelectionsPage />)} />
        <Route path="property" element={guard('property.read', <PropertyPage />)} />
        <Route path="pairing" element={guard('pairing.read', <PairingPage />)} />
        <Route path="party-workers" element={guard('orgsetup.read', <PartyWorkersPage />)} />
        <Route path="dues" element={guard('dues.read', <DuesPage />)} />
        <Route path="orglife" element={guard('orglife.read', <OrglifePage />)} />
        <Route path="compliance" element={guard('compliance.read', <CompliancePage />)} />
        <Route path="projects" element={guard('project.read', <ProjectsPage />)} />
        <Route path="bulletins" element={guard('bulletin.read', <BulletinsPage />)} />
        <Route path="policies" element={guard('policy.read', <PoliciesPage />)} />
        <Route path="alliances" element={guard('alliance.participate', <AlliancesPage />)} />
        <Route path="compliance/findings/:id" element={guard('compliance.read', <FindingDetailPage />)} />
        <Route path="reminders" element={<RemindersPage />} />
        <Route path="cases" element={guard('case.read', <CasesPage />)} />
        <Route path="cases/stats" element={guard('case.read', <CaseStatsPage />)} />
        <Route path="cases/categories" element={guard('case.read', <CaseCategoriesPage />)} />
        <Route path="cases/:id" element={guard('case.read', <CaseDetailPage />)} />
        <Route path="members" element={guard('member.read', <MembersPage />)} />
        <Route path="members/import" element={guard('member.import', <MemberImportPage />)} />
        <Route path="members/:id" element={guard('member.read', <MemberDetailPage />)} />
        <Route path="development" element={guard('development.read', <DevelopmentBoardPage />)} />
        <Route path="development/:id" element={guard('development.read', <DevelopmentDetailPage />)} />
        <Route path="transfers" element={guard('transfer.read', <TransfersPage />)} />
        <Route path="system/users" element={guard('user.read', <UsersPage />)} />
        <Route path="system/roles" element={guard('user.read', <RolesPage />)} />
        <Route path="system/tokens" element={guard('token.manage', <TokensPage />)} />
        <Route path="system/audit" element={guard('audit.read', <AuditPage />)} />
        <Route path="system/jobs" element={guard('job.read', <JobsPage />)} />
        <Route path="system/calendar" element={<CalendarPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="assistant" element={<AssistantPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
