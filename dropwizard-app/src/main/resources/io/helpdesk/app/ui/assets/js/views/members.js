// Members (admins): role, skills, capacity and active flag, edited in place.
import { get, patch } from '../api.js';
import { h, replace } from '../dom.js';
import { busy, clearErrors, field, select, showError } from '../forms.js';
import { ROLES, ROLE_LABEL, avatar, emptyState, skillChips } from '../format.js';

export async function render(root, app) {
  const list = h('div', { class: 'ticket-list member-list', id: 'member-list' });
  const search = h('input', { type: 'search', placeholder: 'Name, email or skill', autocomplete: 'off' });
  let members = await get('/members');

  function paint() {
    const words = search.value.trim().toLowerCase();
    const shown = members.filter((member) => !words || [member.displayName, member.email, ...member.skills].join(' ').toLowerCase().includes(words));
    replace(
      list,
      shown.length
        ? [
            h('div', { class: 'member-row head', 'aria-hidden': 'true' }, h('span', null, 'Member'), h('span', null, 'Role'), h('span', { class: 'col-skills' }, 'Skills'), h('span', { class: 'col-capacity' }, 'Capacity'), h('span', { class: 'col-active' }, 'Status'), h('span', null, '')),
            shown.map((member) => memberRow(member)),
          ]
        : emptyState('⌕', 'Nobody matches', 'Try another name, email or skill.'),
    );
  }

  function memberRow(member) {
    const edit = h('button', { type: 'button', class: 'btn small', 'aria-expanded': 'false', 'aria-label': `Edit ${member.displayName}` }, 'Edit');
    const wrap = h('div', { 'data-member-id': member.id, 'data-email': member.email });
    const line = h(
      'div',
      { class: ['member-row', !member.active && 'inactive'] },
      h('div', { class: 'member-id' }, avatar(member.displayName), h('div', null, h('div', { class: 'n' }, member.displayName), h('div', { class: 'email' }, member.email))),
      h('div', null, h('span', { class: 'chip' }, ROLE_LABEL[member.role])),
      h('div', { class: 'col-skills member-skills' }, skillChips(member.skills) || h('span', { class: 'faint' }, '–')),
      h('div', { class: 'col-capacity' }, member.role === 'USER' ? '–' : String(member.capacity)),
      h('div', { class: 'col-active' }, member.active ? 'Active' : 'Inactive'),
      h('div', null, edit),
    );
    wrap.append(line);
    edit.addEventListener('click', () => {
      const open = wrap.querySelector('.member-edit');
      if (open) {
        open.remove();
        edit.setAttribute('aria-expanded', 'false');
        return;
      }
      edit.setAttribute('aria-expanded', 'true');
      wrap.append(editor(member, (updated) => {
        members = members.map((m) => (m.id === updated.id ? updated : m));
        app.learnName(updated.id, updated.displayName);
        app.toast('Member saved', { body: updated.displayName });
        wrap.replaceWith(memberRow(updated));
      }));
      wrap.querySelector('.member-edit select').focus();
    });
    return wrap;
  }

  search.addEventListener('input', paint);
  replace(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Members'), h('p', { class: 'sub' }, 'Who works here, what they know, and how much they can take on.'))),
    h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter members' }, field({ label: 'Search', name: 'member-search', control: search, className: 'search' })),
    list,
  );
  paint();
  return null;
}

function editor(member, saved) {
  const role = select(ROLES.map((r) => [r, ROLE_LABEL[r]]), member.role);
  const skills = h('input', { type: 'text', value: member.skills.join(', '), autocomplete: 'off' });
  const capacity = h('input', { type: 'number', min: 0, max: 1000, value: String(member.capacity) });
  const active = h('input', { type: 'checkbox', checked: member.active, id: `active-${member.id}` });
  const save = h('button', { type: 'submit', class: 'btn primary small' }, 'Save');
  const form = h(
    'form',
    { class: 'member-edit stack', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    h(
      'div',
      { class: 'form-grid' },
      field({ label: 'Role', name: 'role', control: role }),
      field({ label: 'Skills', name: 'skills', control: skills, hint: 'Comma-separated, e.g. database, search' }),
      field({ label: 'Capacity', name: 'capacity', control: capacity, hint: 'Open tickets at once' }),
      h('div', { class: 'field', 'data-field': 'active' }, h('span', { class: 'label' }, 'Status'), h('label', { class: 'check', for: active.id }, active, 'Active'), h('p', { class: 'error', 'data-error-for': 'active' })),
    ),
    h('div', { class: 'form-actions' }, save),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    busy(save, async () => {
      const body = {
        role: role.value,
        skills: skills.value.split(',').map((skill) => skill.trim()).filter(Boolean),
        active: active.checked,
      };
      if (capacity.value !== '') body.capacity = Number(capacity.value);
      try {
        saved(await patch(`/members/${member.id}`, body));
      } catch (error) {
        showError(form, error);
      }
    });
  });
  return form;
}
