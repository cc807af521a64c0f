// Ticket lists: a requester's tickets, a moderator's queue, an admin's view of everything.
import { get, query } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { field, select } from '../forms.js';
import {
  PRIORITIES, STATUSES, STATUS_LABEL, avatar, capitalise, emptyState, formatDate, priorityBadge,
  progressBar, shortId, skillChips, statusBadge, time,
} from '../format.js';

// Filters survive navigation within the page (back from a ticket keeps them).
const remembered = {};

function defaults(app) {
  if (app.me.role === 'MODERATOR') return { q: '', status: 'OPEN', priority: '', sort: 'PRIORITY' };
  if (app.me.role === 'ADMIN') return { q: '', status: '', priority: '', assignee: '', triage: false, sort: 'NEWEST' };
  return { q: '', status: '', priority: '', sort: 'NEWEST' };
}

function heading(app) {
  if (app.me.role === 'MODERATOR') return ['My queue', 'Tickets assigned to you, most urgent and soonest due first.'];
  if (app.me.role === 'ADMIN') return ['All tickets', 'Everything in the helpdesk. Filter, search, open a ticket to assign it.'];
  return ['My tickets', 'What you asked for, and where it stands.'];
}

export async function render(root, app) {
  const role = app.me.role;
  const filters = (remembered[role] = remembered[role] || defaults(app));
  const [title, subtitle] = heading(app);
  const list = h('div', { class: 'ticket-list', id: 'ticket-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  let nextCursor = null;
  let moderators = [];
  if (app.isAdmin) {
    moderators = (await get('/members')).filter((member) => member.role !== 'USER');
    moderators.forEach((member) => app.learnName(member.id, member.displayName));
  }

  function params(cursor) {
    const status = filters.status === 'OPEN' ? 'TODO,IN_PROGRESS' : filters.status;
    return query({
      q: filters.q.trim(),
      status,
      priority: filters.priority,
      assignee: role === 'MODERATOR' ? app.me.id : filters.assignee,
      triage: filters.triage ? 'true' : '',
      sort: filters.sort,
      limit: 25,
      cursor,
    });
  }

  async function load({ fresh = new Set() } = {}) {
    list.setAttribute('aria-busy', 'true');
    const page = await get('/tickets' + params());
    nextCursor = page.nextCursor;
    replace(list, page.items.length ? [headRow(app), page.items.map((ticket) => row(app, ticket, fresh.has(ticket.id)))] : empty(app, filters));
    if (nextCursor) list.append(moreButton());
    list.setAttribute('aria-busy', 'false');
  }

  function moreButton() {
    const button = h('button', { type: 'button', class: 'btn' }, 'Load more');
    const wrap = h('div', { class: 'more' }, button);
    button.addEventListener('click', async () => {
      button.disabled = true;
      const page = await get('/tickets' + params(nextCursor));
      nextCursor = page.nextCursor;
      wrap.replaceWith(...page.items.map((ticket) => row(app, ticket, false)), ...(nextCursor ? [moreButton()] : []));
    });
    return wrap;
  }

  const reload = debounce(() => load().catch(() => {}), 250);
  const filterBar = filterForm(app, filters, moderators, () => reload());

  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, title), h('p', { class: 'sub' }, subtitle)),
      h('a', { class: 'btn primary', href: '#/new', id: 'new-ticket' }, '+ New ticket'),
    ),
    filterBar,
    list,
  );
  await load();

  const pending = new Set();
  const refresh = debounce(() => {
    const fresh = new Set(pending);
    pending.clear();
    load({ fresh }).catch(() => {});
  }, 300);
  return {
    onEvent(event) {
      if (event.ticketId) pending.add(event.ticketId);
      refresh();
    },
  };
}

function filterForm(app, filters, moderators, changed) {
  const search = h('input', { type: 'search', placeholder: 'Words in the title or description', value: filters.q, autocomplete: 'off' });
  search.addEventListener('input', () => {
    filters.q = search.value;
    changed();
  });
  const statusOptions = [['', 'Any status'], ['OPEN', 'Open'], ...STATUSES.map((s) => [s, STATUS_LABEL[s]])];
  const status = select(statusOptions, filters.status);
  status.addEventListener('change', () => {
    filters.status = status.value;
    changed();
  });
  const priority = select([['', 'Any priority'], ...PRIORITIES.map((p) => [p, capitalise(p)])], filters.priority);
  priority.addEventListener('change', () => {
    filters.priority = priority.value;
    changed();
  });
  const sort = select([['NEWEST', 'Newest first'], ['PRIORITY', 'Most urgent first']], filters.sort);
  sort.addEventListener('change', () => {
    filters.sort = sort.value;
    changed();
  });
  const fields = [
    field({ label: 'Search', name: 'q', control: search, className: 'search' }),
    field({ label: 'Status', name: 'status', control: status }),
    field({ label: 'Priority', name: 'priority', control: priority }),
  ];
  if (app.isAdmin) {
    const assignee = select(
      [['', 'Anyone'], ...moderators.map((member) => [member.id, member.displayName])],
      filters.assignee,
    );
    assignee.addEventListener('change', () => {
      filters.assignee = assignee.value;
      changed();
    });
    fields.push(field({ label: 'Assignee', name: 'assignee', control: assignee }));
    const triage = h('input', { type: 'checkbox', id: 'filter-triage', checked: filters.triage });
    triage.addEventListener('change', () => {
      filters.triage = triage.checked;
      changed();
    });
    fields.push(h('div', { class: 'field' }, h('span', { class: 'label', 'aria-hidden': 'true' }, '\u00a0'), h('label', { class: 'check', for: 'filter-triage' }, triage, 'Needs triage only')));
  } else {
    fields.push(field({ label: 'Order', name: 'sort', control: sort }));
  }
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter tickets' }, fields);
  form.addEventListener('submit', (event) => event.preventDefault());
  if (app.isAdmin) form.classList.add('admin');
  return form;
}

function headRow(app) {
  return h(
    'div',
    { class: 'ticket-row head', 'aria-hidden': 'true' },
    h('span', null, 'Ticket'),
    h('span', null, 'Status'),
    h('span', null, 'Priority'),
    h('span', null, 'Assignee'),
    h('span', { class: 'col-progress' }, 'Progress'),
  );
}

/** One ticket in a list; every text from the ticket goes in as text. */
export function row(app, ticket, fresh) {
  const assigneeId = ticket.assignment && ticket.assignment.assigneeId;
  const skills = ticket.analysis ? ticket.analysis.skills : [];
  return h(
    'div',
    { class: ['ticket-row', fresh && 'fresh'], 'data-ticket-id': ticket.id },
    h(
      'div',
      { class: 'col-main ticket-main' },
      h('a', { class: 'ticket-title', href: `#/tickets/${ticket.id}` }, ticket.title),
      h(
        'span',
        { class: 'ticket-meta' },
        h('span', { class: 'mono' }, shortId(ticket.id)),
        h('span', null, 'opened ', time(ticket.createdAt)),
        app.isAdmin ? h('span', null, 'by ', app.nameOf(ticket.requesterId)) : null,
        ticket.deadline ? h('span', { title: formatDate(ticket.deadline) }, 'due ', time(ticket.deadline)) : null,
        ticket.needsTriage ? h('span', { class: 'badge triage' }, 'Needs triage') : null,
        skillChips(skills),
      ),
    ),
    h('div', { class: 'col-status' }, statusBadge(ticket.status)),
    h('div', { class: 'col-priority' }, priorityBadge(ticket.priority)),
    h(
      'div',
      { class: 'col-assignee assignee', 'data-assignee': assigneeId || '' },
      assigneeId ? [avatar(app.fullNameOf(assigneeId)), h('span', null, app.nameOf(assigneeId))] : h('span', { class: 'muted' }, ticket.analysis ? 'Unassigned' : 'Being analysed…'),
    ),
    h('div', { class: 'col-progress' }, progressBar(ticket)),
  );
}

function empty(app, filters) {
  const filtered = filters.q || filters.priority || filters.assignee || filters.triage || (filters.status && filters.status !== 'OPEN');
  if (filtered) return emptyState('⌕', 'No tickets match', 'Try fewer filters or other words.');
  if (app.me.role === 'MODERATOR') return emptyState('✓', 'Your queue is clear', 'New tickets assigned to you appear here as they arrive.');
  if (app.me.role === 'ADMIN') return emptyState('✓', 'No tickets yet', 'Tickets appear here as soon as they are filed.');
  return emptyState('✉', 'No tickets yet', 'Tell us what is wrong and we route it to the right person.', h('a', { class: 'btn primary', href: '#/new' }, 'File your first ticket'));
}
