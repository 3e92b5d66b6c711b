import { Tag, Tooltip } from 'antd';

/** Points as the page says them: whole numbers plain, others with their two decimals. */
export const points = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * Progress against schedule in one bar: the filled part is the actual progress, the dark marker the
 * planned progress as of today (the weight of the milestones due by today).
 */
export function ScheduleBar({ progress, planned }: { progress: number; planned: number }) {
  const behind = progress < planned;
  return (
    <Tooltip title={`实际进度 ${points(progress)}%，计划进度 ${points(planned)}%`}>
      <div className="hl-schedule" data-testid="schedule-bar">
        <div className="hl-schedule-track">
          <div
            className="hl-schedule-fill"
            style={{ width: `${Math.min(100, progress)}%`, background: behind ? '#cf1322' : '#389e0d' }}
          />
          <div className="hl-schedule-plan" style={{ left: `${Math.min(100, planned)}%` }} />
        </div>
        <span className="hl-schedule-text">
          {points(progress)}% / 计划 {points(planned)}%
        </span>
      </div>
    </Tooltip>
  );
}

/** 超时序 +N / 滞后 N / 按时序, coloured. */
export function AheadTag({ aheadPoints, label }: { aheadPoints: number; label: string }) {
  const color = aheadPoints > 0 ? 'green' : aheadPoints < 0 ? 'red' : 'default';
  const text =
    aheadPoints > 0
      ? `超时序 ${points(aheadPoints)} 个百分点`
      : aheadPoints < 0
        ? `滞后 ${points(-aheadPoints)} 个百分点`
        : label;
  return (
    <Tag color={color} data-testid="ahead-tag">
      {text}
    </Tag>
  );
}
