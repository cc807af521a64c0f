// Labelled form fields and the API's validation messages (problem+json "field") next to them.
import { h } from './dom.js';

let counter = 0;

/**
 * A labelled field: {label, name, control, hint}. The control gets an id, aria-describedby for the
 * hint and the error, and the wrapper data-field=name so API errors find it.
 */
export function field({ label, name, control, hint, className }) {
  const id = control.id || `f-${name}-${++counter}`;
  control.id = id;
  if (!control.name) control.name = name;
  const error = h('p', { class: 'error', id: `${id}-error`, 'data-error-for': name, role: 'alert' });
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  return h(
    'div',
    { class: ['field', className], 'data-field': name },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    error,
  );
}

export function select(options, value, props = {}) {
  return h(
    'select',
    props,
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)),
  );
}

/** Clears the messages of a form. */
export function clearErrors(form) {
  form.querySelectorAll('[data-error-for]').forEach((element) => (element.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((element) => element.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
}

/**
 * Shows an API error: next to its field when the problem names one the form has, otherwise at the
 * form's general message. Returns true when it was shown next to a field.
 */
export function showError(form, error) {
  clearErrors(form);
  // "skill" (one bad skill) is shown at the "skills" field
  const name = error.field && !form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`) && form.querySelector(`[data-error-for="${CSS.escape(error.field)}s"]`) ? `${error.field}s` : error.field;
  const target = name && form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (target) {
    const prefix = `${error.field}: `;
    target.textContent = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const control = form.querySelector(`[data-field="${CSS.escape(name)}"] input, [data-field="${CSS.escape(name)}"] textarea, [data-field="${CSS.escape(name)}"] select`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
    return true;
  }
  let general = form.querySelector('.form-error');
  if (!general) {
    general = h('p', { class: 'form-error', role: 'alert' });
    form.prepend(general);
  }
  general.textContent = (name ? `${name}: ` : '') + error.message;
  return false;
}

/** Runs an async action with the button disabled. */
export async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}
