// Analytics (admins): volume, status and priority mix, time to assign and complete, load per
// moderator, share of fallback analyses.
import { get } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { barList, donut, volumeChart } from '../charts.js';
import { select } from '../forms.js';
import { PRIORITIES, STATUSES, STATUS_LABEL, capitalise, duration, formatDate } from '../format.js';

let windowDays = '30';

export async function render(root, app) {
  const body = h('div', { id: 'analytics' });
  const range = select([['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last year']], windowDays, { id: 'analytics-window' });
  range.addEventListener('change', () => {
    windowDays = range.value;
    load();
  });

  async function load() {
    const data = await get(`/analytics?days=${windowDays}`);
    replace(body, kpis(data), charts(data));
  }

  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, 'Analytics'), h('p', { class: 'sub' }, 'How the helpdesk is doing.')),
      h('div', { class: 'field' }, h('label', { for: 'analytics-window' }, 'Window'), range),
    ),
    body,
  );
  await load();
  const refresh = debounce(() => load().catch(() => {}), 2000);
  return { onEvent: refresh };
}

function kpi(label, value, detail) {
  return h('div', { class: 'kpi' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), detail ? h('div', { class: 'detail' }, detail) : null);
}

function kpis(data) {
  const open = (data.byStatus.TODO || 0) + (data.byStatus.IN_PROGRESS || 0);
  return h(
    'div',
    { class: 'kpis' },
    kpi('Tickets', String(data.totalTickets), `${open} open`),
    kpi('Overdue', String(data.overdue), 'open past their deadline'),
    kpi('Time to assign', duration(data.timeToAssign.medianSeconds), `median · p90 ${duration(data.timeToAssign.p90Seconds)}`),
    kpi('Time to complete', duration(data.timeToComplete.medianSeconds), `median · p90 ${duration(data.timeToComplete.p90Seconds)}`),
  );
}

function card(title, content, className) {
  return h('section', { class: ['card', 'chart-card', className] }, h('h2', null, title), content);
}

function charts(data) {
  const statusItems = STATUSES.map((status, i) => ({ label: STATUS_LABEL[status], value: data.byStatus[status] || 0, tone: ['', 'c2', 'c5'][i] }));
  const priorityItems = PRIORITIES.map((priority, i) => ({ label: capitalise(priority), value: data.byPriority[priority] || 0, tone: ['c2', '', 'c3', 'c4'][i] }));
  const times = [
    { label: 'Assign, median', value: data.timeToAssign.medianSeconds || 0, text: duration(data.timeToAssign.medianSeconds) },
    { label: 'Assign, p90', value: data.timeToAssign.p90Seconds || 0, text: duration(data.timeToAssign.p90Seconds), tone: 'c2' },
    { label: 'Complete, median', value: data.timeToComplete.medianSeconds || 0, text: duration(data.timeToComplete.medianSeconds), tone: 'c5' },
    { label: 'Complete, p90', value: data.timeToComplete.p90Seconds || 0, text: duration(data.timeToComplete.p90Seconds), tone: 'c3' },
  ];
  const load = data.moderators
    .slice()
    .sort((a, b) => b.open / Math.max(b.capacity, 1) - a.open / Math.max(a.capacity, 1))
    .map((m) => ({ label: m.displayName, value: m.open, max: Math.max(m.capacity, 1), text: `${m.open}/${m.capacity}`, tone: m.open >= m.capacity ? 'over' : '' }));
  return h(
    'div',
    { class: 'charts' },
    card(`Tickets filed per day (${data.days} days)`, volumeChart(data.createdPerDay, 'Tickets filed per day'), 'wide'),
    card('By status', barList(statusItems)),
    card('By priority', barList(priorityItems)),
    card('Time to assign and to complete', h('div', { class: 'stack' }, barList(times), h('p', { class: 'chart-note' }, `${data.timeToAssign.samples} assigned, ${data.timeToComplete.samples} completed in the window`))),
    card('Load per moderator (open / capacity)', data.moderators.length ? barList(load) : h('p', { class: 'muted' }, 'No moderators yet.'), 'span-2'),
    card(
      'Fallback analyses',
      h(
        'div',
        { class: 'donut-wrap' },
        donut(data.fallbackShare, 'Share of analyses made by the fallback'),
        h('p', { class: 'chart-note' }, 'Share of analyses made by the offline fallback because the model was unavailable or answered badly.'),
      ),
    ),
    h('p', { class: 'faint wide' }, `Generated ${formatDate(data.generatedAt)}`),
  );
}
