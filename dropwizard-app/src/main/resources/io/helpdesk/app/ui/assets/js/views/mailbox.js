// The dev mailbox (embedded default only): the emails the server would have sent.
import { get } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { emptyState, formatDate, time } from '../format.js';

export async function render(root, app) {
  const list = h('section', { class: 'card', id: 'mailbox', 'aria-labelledby': 'mailbox-title' });
  const onlyMine = h('input', { type: 'checkbox', id: 'only-mine', checked: !app.isAdmin });

  async function load() {
    const messages = (await get('/dev/mailbox')).slice().reverse();
    const shown = onlyMine.checked ? messages.filter((message) => message.to === app.me.email) : messages;
    replace(
      list,
      h('div', { class: 'card-head' }, h('h2', { id: 'mailbox-title' }, `${shown.length} email${shown.length === 1 ? '' : 's'}`), h('label', { class: 'check', for: 'only-mine' }, onlyMine, `Only to ${app.me.email}`)),
      shown.length
        ? shown.map((message) =>
            h(
              'details',
              { class: 'mail' },
              h('summary', null, h('span', { class: 'subject' }, message.subject), h('span', { class: 'faint' }, `to ${message.to}`), h('span', { class: 'chip' }, message.kind), h('span', { class: 'faint', title: formatDate(message.sentAt) }, time(message.sentAt))),
              h('pre', null, message.body),
              h('a', { href: `#/tickets/${message.ticketId}` }, 'Open the ticket'),
            ),
          )
        : emptyState('✉', 'No emails yet', 'Emails about tickets appear here instead of being sent.'),
    );
  }
  onlyMine.addEventListener('change', () => load());
  replace(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Dev mailbox'), h('p', { class: 'sub' }, 'Without SMTP, the server keeps its emails here.'))),
    list,
  );
  await load();
  const refresh = debounce(() => load().catch(() => {}), 1500);
  return { onEvent: refresh };
}
