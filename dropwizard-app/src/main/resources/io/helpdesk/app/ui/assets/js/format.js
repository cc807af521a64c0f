// Labels, badges and dates shared by the views.
import { h } from './dom.js';

export const STATUS_LABEL = { TODO: 'To do', IN_PROGRESS: 'In progress', COMPLETED: 'Completed' };
export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
export const STATUSES = ['TODO', 'IN_PROGRESS', 'COMPLETED'];
export const ROLES = ['USER', 'MODERATOR', 'ADMIN'];
export const ROLE_LABEL = { USER: 'Requester', MODERATOR: 'Moderator', ADMIN: 'Admin' };

/** The moves a status allows (TicketStatus.allowedTransitions) and how their buttons read. */
export const TRANSITIONS = {
  TODO: [['IN_PROGRESS', 'Start work'], ['COMPLETED', 'Mark completed']],
  IN_PROGRESS: [['COMPLETED', 'Mark completed'], ['TODO', 'Stop work']],
  COMPLETED: [['TODO', 'Reopen']],
};

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, STATUS_LABEL[status] || status);
}

export function priorityBadge(priority) {
  return h('span', { class: `badge priority-${priority}`, 'data-priority': priority }, capitalise(priority));
}

export function skillChips(skills) {
  if (!skills || skills.length === 0) return null;
  return h('span', { class: 'chips' }, skills.map((skill) => h('span', { class: 'chip' }, skill)));
}

export function capitalise(word) {
  if (!word) return '';
  const text = String(word).replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/);
  return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export function avatar(name) {
  return h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(name));
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDate(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '';
}

export function formatDay(iso) {
  return iso ? dayFormat.format(new Date(iso)) : '';
}

/** "3 minutes ago", "in 2 days". */
export function ago(iso) {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

export function time(iso, text) {
  return h('time', { datetime: iso, title: formatDate(iso) }, text || ago(iso));
}

/** 95 -> "1m 35s", 7200 -> "2h". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = seconds / 3600;
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)}h`;
  return `${(hours / 24).toFixed(1)}d`;
}

export function shortId(id) {
  return id ? '#' + id.slice(0, 8) : '';
}

/** Progress of a ticket in four steps: filed, analysed, assigned, in progress / done. */
export function progressSteps(ticket) {
  return [
    true,
    Boolean(ticket.analysis),
    Boolean(ticket.assignment),
    ticket.status === 'IN_PROGRESS' || ticket.status === 'COMPLETED',
    ticket.status === 'COMPLETED',
  ];
}

export function progressBar(ticket) {
  const steps = progressSteps(ticket);
  const done = steps.filter(Boolean).length;
  const labels = ['filed', 'analysed', 'assigned', 'in progress', 'completed'];
  const reached = labels[done - 1];
  return h(
    'span',
    { class: ['progress', ticket.status === 'COMPLETED' && 'done'], role: 'img', 'aria-label': `Progress: ${reached}` },
    steps.map((on) => h('span', { class: on ? 'on' : '' })),
  );
}

/** "EventType" -> a sentence for the history. */
export function describeEvent(event, nameOf) {
  const data = event.data || {};
  const who = event.actorId ? nameOf(event.actorId) : 'The helpdesk';
  switch (event.type) {
    case 'CREATED': return `${who} filed the ticket`;
    case 'ANALYSIS_REQUESTED': return `${who} requested an analysis`;
    case 'ANALYSED': return `Analysed${data.priority ? ': priority ' + capitalise(data.priority) : ''}${data.skills ? ', skills ' + data.skills.split(',').join(', ') : ''}`;
    case 'ANALYSIS_RETRY_SCHEDULED': return 'Analysis failed; a retry is scheduled';
    case 'ASSIGNED': return `Assigned to ${data.assigneeName || (data.assignee ? nameOf(data.assignee) : 'a moderator')}${event.actorId ? ' by ' + who : ' automatically'}`;
    case 'TRIAGE_NEEDED': return 'No moderator fits: waiting for triage';
    case 'STATUS_CHANGED': return `${who} moved it from ${STATUS_LABEL[data.from] || data.from || '?'} to ${STATUS_LABEL[data.to] || data.to || '?'}`;
    case 'PRIORITY_CHANGED': return `${who} set the priority to ${capitalise(data.to || data.priority || '')}`;
    case 'COMMENTED': return `${who} replied`;
    case 'INTERNAL_NOTE_ADDED': return `${who} added an internal note`;
    case 'NOTIFIED': return `Email sent${data.kind ? ' (' + data.kind + ')' : ''}`;
    case 'NOTIFICATION_FAILED': return 'An email could not be sent';
    case 'JOB_DEAD_LETTERED': return `A ${data.jobType || 'background'} job failed for good`;
    case 'JOB_RETRIED': return `${who} retried a failed job`;
    default: return capitalise(event.type);
  }
}

/** An empty state: icon, title, text and an optional action. */
export function emptyState(icon, title, text, action) {
  return h(
    'div',
    { class: 'empty' },
    h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon),
    h('h3', null, title),
    text ? h('p', null, text) : null,
    action || null,
  );
}
