// Sign in: the configured OIDC provider's button and, with dev sign-in, a picker of demo members.
import { h, replace } from '../dom.js';
import { ROLE_LABEL, avatar, emptyState } from '../format.js';

// The codes of /?signInError= (OidcSignInResource.SignInError) in words.
const SIGN_IN_ERRORS = {
  invalid_state: 'That sign-in link was already used or is not yours. Please sign in again.',
  sign_in_expired: 'The sign-in took too long. Please try again.',
  provider_error: 'The identity provider refused the sign-in.',
  provider_unavailable: 'The identity provider is unreachable right now. Please try again later.',
  email_not_verified: 'Your email address is not verified with the identity provider.',
  domain_not_allowed: 'Accounts of your email domain may not sign in here.',
  account_deactivated: 'Your account is deactivated. Ask an administrator.',
  account_conflict: 'This email is linked to another account. Ask an administrator.',
};

export function render(root, options, signInAs) {
  const groups = ['ADMIN', 'MODERATOR', 'USER']
    .map((role) => [role, options.devMembers.filter((member) => member.role === role && member.active)])
    .filter(([, members]) => members.length);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const picker = h(
    'section',
    { class: 'card member-picker', 'aria-labelledby': 'picker-title' },
    h('div', { class: 'stack' }, h('h2', { id: 'picker-title' }, 'Demo members'), h('p', { class: 'muted' }, 'Pick anyone to see the helpdesk through their eyes.')),
    error,
    groups.map(([role, members]) =>
      h(
        'div',
        { class: 'member-group' },
        h('h2', null, role === 'USER' ? 'Requesters' : `${ROLE_LABEL[role]}s`),
        h(
          'div',
          { class: 'member-buttons' },
          members.map((member) => {
            const button = h(
              'button',
              { type: 'button', class: 'member-button', 'data-email': member.email },
              avatar(member.displayName),
              h('span', { class: 'who-text' }, h('span', { class: 'n' }, member.displayName), h('span', { class: 'e' }, member.email)),
            );
            button.addEventListener('click', async () => {
              button.disabled = true;
              try {
                await signInAs(member.email);
              } catch (failure) {
                error.textContent = failure.message;
                button.disabled = false;
              }
            });
            return button;
          }),
        ),
      ),
    ),
  );
  const failure = options.error
    ? h('p', { class: 'form-error signin-error', role: 'alert', id: 'sign-in-error' }, SIGN_IN_ERRORS[options.error] || 'Signing in did not work. Please try again.')
    : null;
  replace(
    root,
    h(
      'div',
      { class: 'signin' },
      failure,
      h(
        'div',
        { class: 'signin-hero' },
        h('img', { src: '/assets/icon.svg', alt: '' }),
        h('h1', null, 'Sign in to Helpdesk'),
        h('p', null, 'Tickets analysed by AI and routed to the person with the right skills, live.'),
      ),
      options.oidc
        ? h('div', { class: 'card stack oidc' }, h('a', { class: 'btn primary', id: 'oidc-sign-in', href: `${options.oidc.startUrl}?returnTo=${encodeURIComponent(options.returnTo)}` }, `Sign in with ${options.oidc.name}`))
        : null,
      options.dev ? [h('p', { class: 'dev-note' }, 'Dev sign-in is on: anyone can be anyone. Never expose this server.'), picker] : null,
      !options.dev && !options.oidc ? emptyState('🔒', 'No way to sign in is configured', 'Ask your administrator to configure OpenID Connect.') : null,
    ),
  );
  return null;
}
