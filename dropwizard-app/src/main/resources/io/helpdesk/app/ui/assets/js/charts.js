// Small charts without a library: SVG for the time series and the donut, HTML bars elsewhere
// (readable at any width). Every chart has a text alternative.
import { h, s } from './dom.js';
import { formatDay } from './format.js';

/**
 * Vertical bars over days: [{day, count}]. Horizontal positions are percentages and the height is
 * fixed in pixels, so the chart fills any width while its text keeps its size.
 */
export function volumeChart(days, label) {
  const height = 200;
  const top = 18;
  const bottom = 24;
  const innerH = height - top - bottom;
  const max = Math.max(1, ...days.map((d) => d.count));
  const ceiling = niceCeiling(max);
  const step = 100 / Math.max(1, days.length);
  const barW = Math.min(step * 0.7, 4);
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const svg = s(
    'svg',
    { class: 'volume', width: '100%', height, role: 'img', 'aria-label': `${label}: ${total} tickets over ${days.length} days, at most ${max} a day` },
    s('title', null, label),
    [0, 0.5, 1].map((f) => {
      const y = top + innerH * (1 - f);
      return [
        s('line', { class: f === 0 ? 'axis' : 'grid', x1: '0%', x2: '100%', y1: y, y2: y }),
        f > 0 ? s('text', { x: '0%', y: y - 4 }, String(Math.round(ceiling * f))) : null,
      ];
    }),
    days.map((d, i) => {
      const barH = (d.count / ceiling) * innerH;
      return s(
        'rect',
        { class: 's1', x: `${i * step + (step - barW) / 2}%`, y: top + innerH - barH, width: `${barW}%`, height: Math.max(barH, d.count ? 1 : 0), rx: 2 },
        s('title', null, `${formatDay(d.day)}: ${d.count}`),
      );
    }),
    labelEvery(days).map(([d, i]) =>
      s(
        'text',
        { x: `${i === 0 ? 0 : i === days.length - 1 ? 100 : i * step + step / 2}%`, y: height - 6, 'text-anchor': i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle' },
        formatDay(d.day),
      ),
    ),
  );
  return h('div', { class: 'chart' }, svg);
}

function labelEvery(days) {
  const labels = window.innerWidth < 600 ? 3 : 6;
  const every = Math.max(1, Math.ceil(days.length / labels));
  return days.map((d, i) => [d, i]).filter(([, i]) => (i % every === 0 && days.length - 1 - i >= every / 2) || i === days.length - 1);
}

function niceCeiling(max) {
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * magnitude >= max) return factor * magnitude;
  }
  return max;
}

/** Horizontal bars: [{label, value, max?, text?, tone?}]. */
export function barList(items, { max, unit = '' } = {}) {
  const top = max || Math.max(1, ...items.map((item) => item.max || item.value));
  return h(
    'div',
    { class: 'hbars', role: 'list' },
    items.map((item) => {
      const fill = h('div', { class: ['hbar-fill', item.tone] });
      const limit = item.max || top;
      fill.style.width = `${Math.min(100, (item.value / Math.max(limit, 1)) * 100)}%`;
      return h(
        'div',
        { class: 'hbar', role: 'listitem' },
        h('span', { class: 'hbar-label', title: item.label }, item.label),
        h('div', { class: 'hbar-track', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'hbar-value' }, item.text || `${item.value}${unit}`),
      );
    }),
  );
}

/** A ring showing a share between 0 and 1. */
export function donut(share, label) {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const percent = Math.round(share * 1000) / 10;
  return s(
    'svg',
    { viewBox: '0 0 140 140', role: 'img', 'aria-label': `${label}: ${percent}%` },
    s('circle', { class: 'donut-track', cx: 70, cy: 70, r: radius, 'stroke-width': 14 }),
    s('circle', {
      class: 'donut-value',
      cx: 70,
      cy: 70,
      r: radius,
      'stroke-width': 14,
      'stroke-dasharray': `${circumference * share} ${circumference}`,
      hidden: share > 0 ? null : true,
      transform: 'rotate(-90 70 70)',
    }),
    s('text', { class: 'donut-text', x: 70, y: 77, 'text-anchor': 'middle' }, `${percent}%`),
  );
}
