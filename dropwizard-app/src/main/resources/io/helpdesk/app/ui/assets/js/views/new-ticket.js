// Filing a ticket: the API validates; its messages appear next to the fields.
import { post } from '../api.js';
import { h, replace } from '../dom.js';
import { busy, clearErrors, field, select, showError } from '../forms.js';
import { PRIORITIES, capitalise } from '../format.js';

export async function render(root, app) {
  const idempotencyKey = crypto.randomUUID();
  const title = h('input', { type: 'text', maxlength: 300, autocomplete: 'off', placeholder: 'A short summary, e.g. "Cannot sign in with SSO"' });
  const description = h('textarea', { rows: 7, placeholder: 'What happened, what you expected, since when, who is affected.' });
  const priority = select([['', 'Let the helpdesk decide'], ...PRIORITIES.map((p) => [p, capitalise(p)])], '');
  const deadline = h('input', { type: 'datetime-local' });
  const submit = h('button', { type: 'submit', class: 'btn primary', id: 'submit-ticket' }, 'File ticket');
  const form = h(
    'form',
    { class: 'card stack', id: 'new-ticket-form', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    h(
      'div',
      { class: 'form-grid' },
      field({ label: 'Title', name: 'title', control: title, className: 'wide' }),
      field({ label: 'Description', name: 'description', control: description, className: 'wide', hint: 'The helpdesk reads this to find the right person. Plain text.' }),
      field({ label: 'Priority', name: 'requestedPriority', control: priority, hint: 'Your wish; the analysis weighs the impact you describe.' }),
      field({ label: 'Deadline (optional)', name: 'deadline', control: deadline, hint: 'When it must be solved by, in your time zone.' }),
    ),
    h('div', { class: 'form-actions' }, h('a', { class: 'btn ghost', href: '#/' }, 'Cancel'), submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    busy(submit, async () => {
      const body = { title: title.value, description: description.value };
      if (priority.value) body.requestedPriority = priority.value;
      if (deadline.value) {
        const date = new Date(deadline.value);
        if (Number.isNaN(date.getTime())) {
          showError(form, { field: 'deadline', message: 'is not a valid date and time' });
          return;
        }
        body.deadline = date.toISOString();
      }
      try {
        const created = await post('/tickets', body, { 'Idempotency-Key': idempotencyKey });
        app.toast('Ticket filed', { body: 'We are finding the right person for it.' });
        app.navigate(`#/tickets/${created.id}`);
      } catch (error) {
        showError(form, error);
      }
    });
  });
  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('a', { class: 'back', href: '#/' }, '← Back'), h('h1', null, 'New ticket'), h('p', { class: 'sub' }, 'Describe the problem; it is analysed and routed within seconds.')),
    ),
    h('div', { class: 'grid-2' }, form, tips()),
  );
  title.focus();
  return null;
}

function tips() {
  return h(
    'aside',
    { class: 'card stack', 'aria-label': 'Tips' },
    h('h2', null, 'What happens next'),
    h(
      'ol',
      { class: 'stack muted' },
      h('li', null, 'The helpdesk reads your ticket and detects the skills it needs and how urgent it is.'),
      h('li', null, 'It assigns the moderator with the right skills and room in their queue, and explains why.'),
      h('li', null, 'You get an email, and this page updates live as your ticket moves.'),
    ),
  );
}
