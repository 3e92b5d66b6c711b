import { Alert } from 'antd';
import { DEMO_NOTICE, useHealth } from '../api/hooks';

/** The console's demo-mode banner, shown while `/api/health` says demo data is loaded. */
export function DemoBanner({ demo }: { demo?: boolean }) {
  const health = useHealth();
  if (!demo && !health?.demo) return null;
  return <Alert type="warning" banner showIcon title={DEMO_NOTICE} data-testid="demo-banner" />;
}
