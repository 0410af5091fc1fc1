import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

interface Props {
  option: ChartOption;
  /** What the chart shows, for screen readers (the figures are also in a table beside it). */
  label: string;
  height?: number;
}

/**
 * An ECharts canvas. Tooltips render as rich text on the canvas, never as HTML, so a team or
 * agent name is drawn as text whatever it contains. `data-drawn` marks a finished render.
 */
export function Chart({ option, label, height = 260 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => element.setAttribute('data-drawn', 'true'));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    box.current?.removeAttribute('data-drawn');
    chart.current?.setOption(
      {
        animation: false,
        aria: { enabled: true, label: { description: label } },
        textStyle: { fontFamily: 'system-ui, sans-serif' },
        ...option,
        tooltip: { trigger: 'axis', renderMode: 'richText', ...(option.tooltip as object | undefined) },
      },
      true,
    );
  }, [option, label]);

  return <div ref={box} className="chart" role="img" aria-label={label} data-chart="" style={{ height }} />;
}
