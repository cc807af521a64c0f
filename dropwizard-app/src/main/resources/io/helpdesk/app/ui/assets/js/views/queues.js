// Admin queues: tickets the engine could not assign (triage) and jobs that failed for good
// (dead letters), each with a retry.
import { get, post } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { busy } from '../forms.js';
import { emptyState, formatDate, priorityBadge, shortId, skillChips, time } from '../format.js';

export async function render(root, app) {
  const triage = h('div', { id: 'triage-queue' });
  const dead = h('div', { id: 'dead-letters' });

  async function load() {
    const [triagePage, jobs] = await Promise.all([get('/admin/triage?limit=100'), get('/admin/dead-letters')]);
    replace(
      triage,
      triagePage.items.length
        ? triagePage.items.map((ticket) => triageItem(app, ticket, load))
        : emptyState('✓', 'Nothing waits for triage', 'Every ticket found a moderator.'),
    );
    replace(dead, jobs.length ? jobs.map((job) => jobItem(app, job, load)) : emptyState('✓', 'No failed jobs', 'Analyses, assignments and emails all went through.'));
  }

  replace(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Queues'), h('p', { class: 'sub' }, 'What the pipeline could not finish on its own.'))),
    h(
      'div',
      { class: 'grid-cards' },
      h('section', { class: 'card', 'aria-labelledby': 'triage-title' }, h('div', { class: 'card-head' }, h('h2', { id: 'triage-title' }, 'Triage'), h('span', { class: 'faint' }, 'No moderator fitted')), triage),
      h('section', { class: 'card', 'aria-labelledby': 'dead-title' }, h('div', { class: 'card-head' }, h('h2', { id: 'dead-title' }, 'Dead letters'), h('span', { class: 'faint' }, 'Jobs out of retries')), dead),
    ),
  );
  await load();
  const refresh = debounce(() => load().catch(() => {}), 400);
  return { onEvent: refresh };
}

function triageItem(app, ticket, reload) {
  const retry = h('button', { type: 'button', class: 'btn small' }, 'Retry assignment');
  retry.addEventListener('click', () =>
    busy(retry, async () => {
      await post(`/admin/triage/${ticket.id}/retry`);
      app.toast('Assignment retried', { body: ticket.title });
      await reload();
    }),
  );
  return h(
    'div',
    { class: 'job', 'data-ticket-id': ticket.id },
    h(
      'div',
      { class: 'stack' },
      h('a', { class: 'ticket-title', href: `#/tickets/${ticket.id}` }, ticket.title),
      h('span', { class: 'ticket-meta' }, priorityBadge(ticket.priority), h('span', { class: 'mono' }, shortId(ticket.id)), h('span', null, 'opened ', time(ticket.createdAt)), skillChips(ticket.analysis ? ticket.analysis.skills : [])),
    ),
    h('div', { class: 'row' }, retry, h('a', { class: 'btn small primary', href: `#/tickets/${ticket.id}` }, 'Assign')),
  );
}

function jobItem(app, job, reload) {
  const retry = h('button', { type: 'button', class: 'btn small primary' }, 'Retry');
  retry.addEventListener('click', () =>
    busy(retry, async () => {
      await post(`/admin/dead-letters/${job.id}/retry`);
      app.toast('Job queued again', { body: `${job.type} #${job.id}` });
      await reload();
    }),
  );
  return h(
    'div',
    { class: 'job', 'data-job-id': String(job.id) },
    h(
      'div',
      { class: 'stack' },
      h('span', null, h('strong', null, job.type), ' job ', h('span', { class: 'mono' }, `#${job.id}`), ' for ', h('a', { href: `#/tickets/${job.ticketId}` }, shortId(job.ticketId))),
      h('span', { class: 'faint' }, `${job.attempts} attempts · last ${formatDate(job.updatedAt)}`),
      job.lastError ? h('span', { class: 'error-text' }, job.lastError) : null,
    ),
    h('div', null, retry),
  );
}
