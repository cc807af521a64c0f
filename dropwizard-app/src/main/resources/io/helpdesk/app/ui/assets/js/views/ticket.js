// One ticket: details, analysis, "why this assignee", status moves, conversation, history; for
// admins the assignment preview and manual assignment. Updates live from the event stream.
import { ApiError, get, post } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { busy, clearErrors, field, select, showError } from '../forms.js';
import {
  STATUS_LABEL, TRANSITIONS, avatar, capitalise, describeEvent, formatDate, priorityBadge, progressBar,
  shortId, skillChips, statusBadge, time,
} from '../format.js';

export async function render(root, app, id) {
  let details = await get(`/tickets/${id}`);
  learnNames(app, details);

  const head = h('div', { class: 'ticket-head' });
  const description = h('section', { class: 'card stack', 'aria-labelledby': 'description-title' });
  const conversation = h('div', { class: 'conversation', id: 'conversation' });
  const sidebar = h('div', { class: 'stack' });
  const assignPanel = app.isAdmin ? h('section', { class: 'card stack', id: 'assign-panel', 'aria-labelledby': 'assign-title' }) : null;
  const history = h('ol', { class: 'timeline', id: 'history' });

  function paint() {
    const ticket = details.ticket;
    document.title = `${ticket.title} · Helpdesk`;
    replace(
      head,
      h('a', { class: 'back', href: '#/' }, '← Back to the list'),
      h('h1', { id: 'ticket-title' }, ticket.title),
      h(
        'div',
        { class: 'row' },
        statusBadge(ticket.status),
        priorityBadge(ticket.priority),
        ticket.needsTriage ? h('span', { class: 'badge triage' }, 'Needs triage') : null,
        h('span', { class: 'faint mono' }, shortId(ticket.id)),
        h('span', { class: 'faint' }, 'opened ', time(ticket.createdAt), ' by ', app.nameOf(ticket.requesterId)),
      ),
    );
    replace(
      description,
      h('h2', { id: 'description-title', class: 'visually-hidden' }, 'Description'),
      h('div', { class: 'description', id: 'ticket-description' }, ticket.description),
    );
    replace(
      conversation,
      details.comments.length
        ? details.comments.map((comment) => commentView(app, comment))
        : h('p', { class: 'muted' }, 'No replies yet.'),
    );
    replace(history, details.history.map((event) => h('li', { 'data-event-type': event.type }, h('span', null, describeEvent(event, (memberId) => app.nameOf(memberId))), h('br'), h('span', { class: 'when' }, time(event.at)))));
    replace(sidebar, detailsCard(app, details), actionsCard(app, details, changeStatus), whyCard(app, details), analysisCard(app, ticket));
  }

  async function reload() {
    details = await get(`/tickets/${id}`);
    learnNames(app, details);
    paint();
  }

  async function changeStatus(status, button) {
    await busy(button, async () => {
      try {
        await post(`/tickets/${id}/status`, { status, version: details.ticket.version });
        await reload();
        app.toast(`Ticket moved to ${STATUS_LABEL[status]}`);
      } catch (error) {
        app.toast(error instanceof ApiError && error.status === 409 ? 'Someone changed this ticket meanwhile' : 'Could not change the status', { body: error.message, kind: 'error' });
        await reload();
      }
    });
  }

  paint();
  const replyForm = replyBox(app, id, reload);
  replace(
    root,
    head,
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        { class: 'stack' },
        description,
        h('section', { class: 'card stack', 'aria-labelledby': 'conversation-title' }, h('h2', { id: 'conversation-title' }, 'Conversation'), conversation, replyForm),
        assignPanel,
        historyCard(history),
      ),
      sidebar,
    ),
  );
  if (assignPanel) await assignmentPanel(app, assignPanel, id, () => details, reload);

  const refresh = debounce(() => reload().catch(() => {}), 200);
  return {
    onEvent(event) {
      if (event.type === 'RESYNC' || event.ticketId === id) refresh();
    },
  };
}

function learnNames(app, details) {
  for (const event of details.history) {
    if (event.type === 'ASSIGNED' && event.data) app.learnName(event.data.assignee, event.data.assigneeName);
  }
}

function commentView(app, comment) {
  return h(
    'article',
    { class: ['comment', comment.internal && 'internal'], 'data-comment-id': comment.id },
    h(
      'div',
      { class: 'comment-head' },
      avatar(app.fullNameOf(comment.authorId)),
      h('span', { class: 'author' }, app.nameOf(comment.authorId)),
      comment.internal ? h('span', { class: 'badge high plain priority-HIGH' }, 'Internal note') : null,
      h('span', { class: 'faint' }, time(comment.createdAt)),
    ),
    h('div', { class: 'comment-body' }, comment.body),
  );
}

function replyBox(app, id, reload) {
  const body = h('textarea', { rows: 4, placeholder: app.isStaff ? 'Reply to the requester, or note something for the team' : 'Add a reply' });
  const reply = h('button', { type: 'submit', class: 'btn primary', id: 'send-reply' }, 'Send reply');
  const note = app.isStaff ? h('button', { type: 'button', class: 'btn', id: 'add-note' }, 'Add internal note') : null;
  const form = h(
    'form',
    { class: 'stack', id: 'reply-form', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    field({ label: app.isStaff ? 'Reply or internal note' : 'Your reply', name: 'body', control: body, hint: app.isStaff ? 'Internal notes are never shown to the requester.' : null }),
    h('div', { class: 'form-actions' }, note, reply),
  );
  async function send(kind, button) {
    clearErrors(form);
    await busy(button, async () => {
      try {
        await post(`/tickets/${id}/${kind}`, { body: body.value });
        body.value = '';
        await reload();
      } catch (error) {
        showError(form, error);
      }
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send('comments', reply);
  });
  if (note) note.addEventListener('click', () => send('notes', note));
  return form;
}

function detailsCard(app, details) {
  const ticket = details.ticket;
  const assigneeId = ticket.assignment && ticket.assignment.assigneeId;
  const rows = [
    ['Status', statusBadge(ticket.status)],
    ['Priority', h('span', { class: 'row' }, priorityBadge(ticket.priority), ticket.requestedPriority && ticket.requestedPriority !== ticket.priority ? h('span', { class: 'faint' }, `asked: ${capitalise(ticket.requestedPriority)}`) : null)],
    ['Assignee', h('span', { class: 'assignee', id: 'ticket-assignee' }, assigneeId ? [avatar(app.fullNameOf(assigneeId)), app.nameOf(assigneeId)] : h('span', { class: 'muted' }, ticket.needsTriage ? 'Waiting for triage' : 'Not yet'))],
    ['Requester', app.nameOf(ticket.requesterId)],
    ['Progress', progressBar(ticket)],
    ['Opened', formatDate(ticket.createdAt)],
    ticket.deadline ? ['Due', h('span', null, formatDate(ticket.deadline), ' (', time(ticket.deadline), ')')] : null,
    ticket.completedAt ? ['Completed', formatDate(ticket.completedAt)] : null,
  ].filter(Boolean);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'details-title' },
    h('h2', { id: 'details-title' }, 'Details'),
    h('dl', { class: 'kv' }, rows.map(([label, value]) => [h('dt', null, label), h('dd', null, value)])),
  );
}

function canWork(app, ticket) {
  if (app.isAdmin) return true;
  return app.me.role === 'MODERATOR' && ticket.assignment && ticket.assignment.assigneeId === app.me.id;
}

function actionsCard(app, details, changeStatus) {
  const ticket = details.ticket;
  if (!canWork(app, ticket)) return null;
  const buttons = TRANSITIONS[ticket.status].map(([status, label], index) => {
    const button = h('button', { type: 'button', class: ['btn', index === 0 && 'primary'], 'data-transition': status }, label);
    button.addEventListener('click', () => changeStatus(status, button));
    return button;
  });
  return h(
    'section',
    { class: 'card stack', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Work on it'),
    h('div', { class: 'status-actions', id: 'status-actions' }, buttons),
  );
}

function whyCard(app, details) {
  const assignment = details.ticket.assignment;
  if (!assignment) return null;
  const mine = assignment.assigneeId === app.me.id;
  if (!app.isStaff && !mine) return null;
  const assigned = [...details.history].reverse().find((event) => event.type === 'ASSIGNED');
  const explanation = assigned && assigned.data && assigned.data.explanation;
  return h(
    'section',
    { class: 'card' },
    h(
      'details',
      { class: 'why', id: 'why-assigned', open: mine ? true : null },
      h('summary', null, mine ? 'Why was this assigned to me?' : `Why ${app.nameOf(assignment.assigneeId)}?`),
      h('p', null, assignment.reason),
      h('p', { class: 'faint' }, assignment.source === 'ADMIN' ? `Assigned by hand by ${app.nameOf(assignment.decidedBy)}` : `Chosen by the assigner, score ${assignment.score.toFixed(2)}`, ' · ', time(assignment.assignedAt)),
      explanation ? h('pre', { class: 'analysis-notes' }, explanation) : null,
    ),
  );
}

function analysisCard(app, ticket) {
  const analysis = ticket.analysis;
  return h(
    'section',
    { class: 'card stack', 'aria-labelledby': 'analysis-title' },
    h('h2', { id: 'analysis-title' }, 'AI analysis'),
    analysis
      ? [
          h('div', { class: 'stack', id: 'analysis-skills' }, h('span', { class: 'label' }, 'Detected skills'), skillChips(analysis.skills) || h('span', { class: 'muted' }, 'None detected')),
          app.isStaff && analysis.notes ? h('div', { class: 'stack' }, h('span', { class: 'label' }, 'Notes'), h('p', { class: 'analysis-notes', id: 'analysis-notes' }, analysis.notes)) : null,
          h('p', { class: 'faint' }, `By ${analysis.producedBy}`, analysis.fallback ? ' (fallback: the model was unavailable)' : '', ' · ', time(analysis.analysedAt)),
        ]
      : h('p', { class: 'muted' }, 'Being analysed…'),
  );
}

function historyCard(list) {
  return h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'), list);
}

async function assignmentPanel(app, panel, id, currentDetails, reload) {
  const staff = (await get('/members')).filter((member) => member.role !== 'USER' && member.active);
  staff.forEach((member) => app.learnName(member.id, member.displayName));
  const current = currentDetails().ticket.assignment;
  const chooser = select(
    [['', 'Choose a moderator'], ...staff.map((member) => [member.id, `${member.displayName} (${member.skills.join(', ') || 'no skills'})`])],
    current ? current.assigneeId : '',
    { id: 'assignee-select' },
  );
  const previewButton = h('button', { type: 'button', class: 'btn', id: 'preview-assignment' }, 'Preview the engine’s choice');
  const assignButton = h('button', { type: 'submit', class: 'btn primary', id: 'assign-button' }, 'Assign');
  const preview = h('div', { id: 'assignment-preview', class: 'stack' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    field({ label: 'Assignee', name: 'assigneeId', control: chooser }),
    h('div', { class: 'form-actions' }, previewButton, assignButton),
  );
  previewButton.addEventListener('click', () =>
    busy(previewButton, async () => {
      try {
        const result = await get(`/tickets/${id}/assignment-preview`);
        replace(preview, previewView(app, result));
        if (result.assigneeId) chooser.value = result.assigneeId;
      } catch (error) {
        showError(form, error);
      }
    }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    busy(assignButton, async () => {
      try {
        await post(`/tickets/${id}/assign`, { assigneeId: chooser.value || null });
        app.toast('Assigned', { body: `${app.nameOf(chooser.value)} now works on it.` });
        await reload();
      } catch (error) {
        showError(form, error);
      }
    });
  });
  replace(
    panel,
    h('div', { class: 'card-head' }, h('h2', { id: 'assign-title' }, 'Assignment'), h('span', { class: 'faint' }, 'Admins only')),
    form,
    preview,
  );
}

function previewView(app, result) {
  const pick = result.assigneeId;
  return [
    h(
      'div',
      { class: 'why', id: 'preview-outcome' },
      h('strong', null, pick ? `The engine would pick ${app.nameOf(pick)}` : 'The engine finds no candidate'),
      h('p', null, result.reason),
      h('p', { class: 'faint' }, `Priority ${capitalise(result.priority)} · needs `, result.requiredSkills.join(', ') || 'no particular skill', ` · analysed by ${result.analysedBy}`),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'candidates' },
        h('caption', { class: 'visually-hidden' }, 'Candidates the assigner weighed'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Candidate'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Why'))),
        h('tbody', null, candidateRows(result, pick)),
      ),
    ),
  ];
}

/** Eligible candidates one by one, best first; the excluded grouped by reason. */
function candidateRows(result, pick) {
  const eligible = result.candidates.filter((candidate) => candidate.eligible).sort((a, b) => b.score - a.score);
  const excluded = new Map();
  for (const candidate of result.candidates.filter((c) => !c.eligible)) {
    const reason = candidate.excludedBecause || 'excluded';
    excluded.set(reason, [...(excluded.get(reason) || []), candidate.displayName]);
  }
  return [
    eligible.map((candidate) =>
      h(
        'tr',
        { class: candidate.memberId === pick ? 'pick' : '' },
        h('td', null, candidate.displayName),
        h('td', { class: 'num' }, candidate.score.toFixed(2)),
        h('td', null, h('span', { class: 'chips' }, candidate.factors.map((factor) => h('span', { class: 'chip', title: factor.detail }, `${factor.name} ${factor.value.toFixed(2)}`)))),
      ),
    ),
    [...excluded].map(([reason, names]) =>
      h('tr', { class: 'excluded' }, h('td', null, names.length === 1 ? names[0] : `${names.length} others`), h('td', null, '–'), h('td', null, h('span', { title: names.join(', ') }, `Excluded: ${reason}`))),
    ),
  ];
}
