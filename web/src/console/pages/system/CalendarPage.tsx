import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { CalendarDayKind, CalendarOverride, CalendarYear } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { dayjs, EMPTY, formatDateTime, todayInChina } from '../../../components/format';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

export const PROVISIONAL_WARNING = '该年度尚无官方节假日数据，按周末计算，结果为暂定';
const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

type DayKind = 'work' | 'rest' | 'holiday' | 'makeup';

const KIND_TEXT: Record<DayKind, string> = {
  work: '工作日',
  rest: '周末休息',
  holiday: '节假日',
  makeup: '调休上班',
};

interface DayInfo {
  date: string;
  kind: DayKind;
  override?: CalendarOverride;
}

/** How the calendar treats a day: an administrator's correction wins, then the official data, then the weekend. */
function classify(
  date: dayjs.Dayjs,
  holidays: Set<string>,
  makeup: Set<string>,
  overrides: Map<string, CalendarOverride>,
): DayInfo {
  const key = date.format('YYYY-MM-DD');
  const weekend = date.day() === 0 || date.day() === 6;
  const override = overrides.get(key);
  if (override) {
    if (override.kind === 'holiday') return { date: key, kind: 'holiday', override };
    return { date: key, kind: weekend ? 'makeup' : 'work', override };
  }
  if (holidays.has(key)) return { date: key, kind: 'holiday' };
  if (makeup.has(key)) return { date: key, kind: 'makeup' };
  return { date: key, kind: weekend ? 'rest' : 'work' };
}

/** 工作日历: holidays and make-up working days (调休) that every deadline in working days counts with. */
export default function CalendarPage() {
  const { can } = useAuth();
  const canManage = can('calendar.manage');
  const [year, setYear] = useState(todayInChina().year());
  const [editing, setEditing] = useState<DayInfo | null>(null);
  const calendar = useGet<CalendarYear>(`/calendar/${year}`);
  const data = calendar.data?.year === year ? calendar.data : undefined;

  const holidays = new Set(data?.holidays ?? []);
  const makeup = new Set(data?.makeupWorkdays ?? []);
  const overrides = new Map((data?.overrides ?? []).map((o) => [o.date, o]));
  const today = todayInChina().format('YYYY-MM-DD');

  const yearSwitch = (
    <Space.Compact>
      <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label="上一年">
        上一年
      </Button>
      <Button
        style={{ minWidth: 88, fontWeight: 600 }}
        onClick={() => setYear(todayInChina().year())}
        title="回到今年"
      >
        {year} 年
      </Button>
      <Button
        icon={<RightOutlined />}
        iconPlacement="end"
        onClick={() => setYear(year + 1)}
        aria-label="下一年"
      >
        下一年
      </Button>
    </Space.Compact>
  );

  return (
    <PageContainer
      title="工作日历"
      subTitle="按工作日计算的办理时限依据此日历（含法定节假日和调休上班）"
      extra={yearSwitch}
    >
      {calendar.error ? (
        <Card>
          <Result
            status="error"
            title="加载工作日历失败"
            subTitle={calendar.error.userMessage}
            extra={<Button onClick={calendar.reload}>重新加载</Button>}
          />
        </Card>
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <div className="hl-stack">
          {data.provisional ? <Alert type="warning" showIcon title={PROVISIONAL_WARNING} /> : null}
          <Card size="small">
            <div className="hl-toolbar" style={{ marginBottom: 8 }}>
              <div className="hl-legend">
                <span>
                  <i className="hl-day-holiday" />
                  节假日（休）
                </span>
                <span>
                  <i className="hl-day-makeup" />
                  调休上班（班）
                </span>
                <span>
                  <i className="hl-day-rest" />
                  周末
                </span>
                <span>
                  <i className="hl-day-override" />
                  管理员调整
                </span>
              </div>
              <span className="hl-toolbar-spacer" />
              <span className="hl-muted">
                节假日 {data.holidays.length} 天 · 调休上班 {data.makeupWorkdays.length} 天 · 人工调整{' '}
                {data.overrides.length} 天{canManage ? ' · 点击日期可调整' : ''}
              </span>
            </div>
            <div className="hl-year" data-testid="calendar-year">
              {MONTHS.map((m) => (
                <MonthGrid
                  key={m}
                  year={year}
                  month={m}
                  today={today}
                  classify={(d) => classify(d, holidays, makeup, overrides)}
                  onPick={canManage ? setEditing : undefined}
                />
              ))}
            </div>
          </Card>
          <Card size="small" title="人工调整记录">
            <Table<CalendarOverride>
              size="small"
              rowKey="date"
              dataSource={[...data.overrides].sort((a, b) => a.date.localeCompare(b.date))}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有人工调整" />,
              }}
              columns={[
                { title: '日期', dataIndex: 'date', width: 130 },
                {
                  title: '调整为',
                  dataIndex: 'kind',
                  width: 100,
                  render: (k: CalendarDayKind) =>
                    k === 'holiday' ? <Tag color="red">节假日</Tag> : <Tag color="blue">工作日</Tag>,
                },
                { title: '备注', dataIndex: 'note', render: (v: string | null) => v || EMPTY },
                {
                  title: '调整人',
                  dataIndex: 'updatedBy',
                  width: 120,
                  render: (v: string | null) => v ?? EMPTY,
                },
                { title: '调整时间', dataIndex: 'updatedAt', width: 150, render: formatDateTime },
                ...(canManage
                  ? [
                      {
                        title: '操作',
                        key: 'actions',
                        width: 100,
                        render: (_: unknown, o: CalendarOverride) => (
                          <Button
                            type="link"
                            size="small"
                            onClick={() => setEditing(classify(dayjs(o.date), holidays, makeup, overrides))}
                          >
                            修改
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </div>
      )}
      {editing ? (
        <EditDayModal
          day={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            calendar.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function MonthGrid({
  year,
  month,
  today,
  classify: classifyDay,
  onPick,
}: {
  year: number;
  month: number;
  today: string;
  classify: (d: dayjs.Dayjs) => DayInfo;
  onPick?: (day: DayInfo) => void;
}) {
  const first = dayjs(new Date(year, month, 1));
  const lead = (first.day() + 6) % 7; // Monday first
  const days = first.daysInMonth();
  return (
    <section className="hl-month" aria-label={`${year}年${month + 1}月`}>
      <h3>{month + 1} 月</h3>
      <div className="hl-month-grid">
        {WEEKDAYS.map((w) => (
          <span key={w} className="hl-dow">
            {w}
          </span>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed empty cells before the 1st
          <span key={`lead-${i}`} />
        ))}
        {Array.from({ length: days }, (_, i) => {
          const info = classifyDay(first.date(i + 1));
          const className = [
            'hl-day',
            info.kind === 'holiday' ? 'hl-day-holiday' : '',
            info.kind === 'makeup' ? 'hl-day-makeup' : '',
            info.kind === 'rest' ? 'hl-day-rest' : '',
            info.override ? 'hl-day-override' : '',
            info.date === today ? 'hl-day-today' : '',
          ]
            .filter(Boolean)
            .join(' ');
          const mark = info.kind === 'holiday' ? '休' : info.kind === 'makeup' ? '班' : '';
          const label = `${month + 1}月${i + 1}日 ${KIND_TEXT[info.kind]}${info.override ? '（已调整）' : ''}`;
          const content = (
            <>
              {i + 1}
              <small>{mark}</small>
            </>
          );
          return onPick ? (
            <button
              key={info.date}
              type="button"
              className={className}
              title={label}
              aria-label={label}
              data-date={info.date}
              onClick={() => onPick(info)}
            >
              {content}
            </button>
          ) : (
            <span key={info.date} className={className} title={label} data-date={info.date}>
              {content}
            </span>
          );
        })}
      </div>
    </section>
  );
}

function EditDayModal({ day, onClose, onDone }: { day: DayInfo; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState<string | null>(null);
  const { message, showError } = useFeedback();
  const date = dayjs(day.date);

  const mark = async (kind: CalendarDayKind) => {
    setSaving(kind);
    try {
      await api.put(`/calendar/days/${day.date}`, { kind, note: form.getFieldValue('note')?.trim() || '' });
      message.success(`已将 ${day.date} 设为${kind === 'holiday' ? '节假日' : '工作日'}`);
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(null);
    }
  };

  const restore = async () => {
    setSaving('restore');
    try {
      await api.delete(`/calendar/days/${day.date}`);
      message.success(`已将 ${day.date} 恢复为默认安排`);
      onDone();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(null);
    }
  };

  return (
    <Modal
      open
      title={`调整日期：${day.date}（${WEEKDAY_NAMES[date.day()]}）`}
      onCancel={onClose}
      footer={
        <Space wrap>
          <Button onClick={onClose}>取消</Button>
          <Button disabled={!day.override} loading={saving === 'restore'} onClick={restore}>
            恢复默认
          </Button>
          <Button loading={saving === 'workday'} onClick={() => mark('workday')}>
            设为工作日
          </Button>
          <Button type="primary" loading={saving === 'holiday'} onClick={() => mark('holiday')}>
            设为节假日
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'now',
            label: '当前安排',
            children: KIND_TEXT[day.kind] + (day.override ? '（管理员调整）' : ''),
          },
          ...(day.override
            ? [
                { key: 'note', label: '调整备注', children: day.override.note || EMPTY },
                {
                  key: 'by',
                  label: '调整人',
                  children: `${day.override.updatedBy ?? EMPTY} ${formatDateTime(day.override.updatedAt)}`,
                },
              ]
            : []),
        ]}
      />
      <Form form={form} layout="vertical" initialValues={{ note: day.override?.note ?? '' }}>
        <Form.Item
          label="备注"
          name="note"
          rules={[{ max: 100, message: '备注不能超过 100 个字' }]}
          extra="如：国务院办公厅通知调整、本地防汛停工等"
        >
          <Input maxLength={100} placeholder="调整原因" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
