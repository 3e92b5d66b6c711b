import { Empty } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// the ES module build: the CommonJS one (`echarts-for-react/lib/core`) hands Vite a module object
// instead of the component, and React refuses it (minified error #130, a blank page)
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

interface Props {
  /** The ECharts option; `undefined` while loading. */
  option: object | undefined;
  /** No data to draw: an Empty state says so instead of blank axes. */
  empty: boolean;
  height: number;
  emptyText?: string;
  onEvents?: Record<string, (e: never) => void>;
}

/** Every chart of the console: ECharts with the chart types the pages use, and an empty state. */
export function Chart({ option, empty, height, emptyText = '暂无数据', onEvents }: Props) {
  if (empty || !option) {
    return (
      <div className="hl-center" style={{ height }} data-testid="chart-empty">
        {option || empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> : null}
      </div>
    );
  }
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height }}
      onEvents={onEvents as Record<string, (e: unknown) => void>}
    />
  );
}
