// The helpdesk web UI: one page, routed by the URL fragment, talking only to /api/v1 and its event
// stream. Untrusted text is only ever set as text (see dom.js).
import { ApiError, get, post, setCsrfToken, setUnauthorizedHandler } from './api.js';
import { h, replace } from './dom.js';
import { ROLE_LABEL, avatar, emptyState } from './format.js';
import { connectLive } from './live.js';
import * as analytics from './views/analytics.js';
import * as mailbox from './views/mailbox.js';
import * as members from './views/members.js';
import * as newTicket from './views/new-ticket.js';
import * as queues from './views/queues.js';
import * as signIn from './views/signin.js';
import * as ticket from './views/ticket.js';
import * as tickets from './views/tickets.js';

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
const toasts = document.getElementById('toasts');

// ---------- theme: dark by default; light, or follow the system (prefers-color-scheme) ----------
const THEMES = ['dark', 'light', 'system'];
const THEME_LABEL = { dark: 'Dark', light: 'Light', system: 'System' };
const THEME_ICON = { dark: '☾', light: '☀', system: '◐' };

function storedTheme() {
  try {
    const value = localStorage.getItem('helpdesk-theme');
    return THEMES.includes(value) ? value : 'dark';
  } catch {
    return 'dark';
  }
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem('helpdesk-theme', theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

applyTheme(storedTheme());

function themeButton() {
  const button = h('button', { type: 'button', class: 'btn ghost small', id: 'theme-toggle' });
  const label = () => {
    const theme = document.documentElement.dataset.theme;
    button.replaceChildren(
      h('span', { 'aria-hidden': 'true' }, THEME_ICON[theme]),
      h('span', { class: 'theme-text' }, ` ${THEME_LABEL[theme]}`),
    );
    button.setAttribute('aria-label', `Theme: ${THEME_LABEL[theme]}. Change theme`);
  };
  button.addEventListener('click', () => {
    const next = THEMES[(THEMES.indexOf(document.documentElement.dataset.theme) + 1) % THEMES.length];
    applyTheme(next);
    label();
  });
  label();
  return button;
}

// ---------- toasts ----------
function toast(title, { body, href, linkText, kind } = {}) {
  const close = h('button', { type: 'button', class: 'btn ghost small', 'aria-label': 'Dismiss' }, '✕');
  const element = h(
    'div',
    { class: ['toast', kind], 'data-toast': '' },
    h(
      'div',
      { class: 'toast-body' },
      h('strong', null, title),
      body ? h('span', null, body) : null,
      href ? h('a', { href }, linkText || 'Open') : null,
    ),
    close,
  );
  close.addEventListener('click', () => element.remove());
  toasts.append(element);
  setTimeout(() => element.remove(), 8000);
}

// ---------- the signed-in member and names we know ----------
const app = {
  me: null,
  devSignIn: false,
  names: new Map(),
  toast,
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  get isAdmin() {
    return this.me && this.me.role === 'ADMIN';
  },
  get isStaff() {
    return this.me && this.me.role !== 'USER';
  },
  learnName(id, name) {
    if (id && name) this.names.set(id, name);
  },
  /** The name to show with an avatar: the real one, even for oneself. */
  fullNameOf(id) {
    return this.names.get(id) || 'Team member';
  },
  nameOf(id) {
    if (!id) return 'Nobody';
    if (this.me && id === this.me.id) return 'You';
    return this.names.get(id) || 'A team member';
  },
};

/**
 * How one may sign in here, from GET /api/v1/auth/config: {dev, devMembers, oidc: {name, startUrl}
 * | null}. With dev sign-in on, the demo members come along for the picker and for names.
 */
async function discoverSignIn() {
  const config = await get('/auth/config');
  const options = { dev: false, devMembers: [], oidc: null };
  if (config.oidc) options.oidc = { name: config.oidc.providerName, startUrl: config.oidc.startUrl };
  if (config.devSignIn) {
    options.devMembers = await get(config.devSignIn.membersUrl.replace(/^\/api\/v1/, ''));
    options.dev = true;
  }
  return options;
}

// ---------- layout ----------
let liveState = 'connecting';
let stopLive = null;
let currentView = null;
let renderCount = 0;
let loading = false;
let missedWhileLoading = false;

function navLinks() {
  const links = [];
  if (app.me.role === 'ADMIN') {
    links.push(['#/', 'Tickets'], ['#/queues', 'Queues'], ['#/members', 'Members'], ['#/analytics', 'Analytics']);
  } else if (app.me.role === 'MODERATOR') {
    links.push(['#/', 'My queue'], ['#/new', 'New ticket']);
  } else {
    links.push(['#/', 'My tickets'], ['#/new', 'New ticket']);
  }
  if (app.devSignIn) links.push(['#/mailbox', 'Dev mailbox']);
  return links;
}

function renderTopbar() {
  const phoneSignOut = h('button', { type: 'button', class: 'btn small nav-sign-out' }, `Sign out ${app.me.displayName}`);
  const nav = h(
    'nav',
    { class: 'nav', id: 'nav', 'aria-label': 'Main' },
    navLinks().map(([href, text]) => h('a', { href, 'data-nav': href }, text)),
    phoneSignOut,
  );
  const menu = h(
    'button',
    { type: 'button', class: 'btn ghost small menu-button', id: 'menu-button', 'aria-expanded': 'false', 'aria-controls': 'nav' },
    'Menu',
  );
  menu.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    menu.setAttribute('aria-expanded', String(open));
  });
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      nav.classList.remove('open');
      menu.setAttribute('aria-expanded', 'false');
    }
  });
  const live = h('span', { class: 'live', id: 'live', 'data-state': liveState, title: 'Live updates' }, h('span', { class: 'live-text' }, liveText()));
  const signOut = h('button', { type: 'button', class: 'btn small', id: 'sign-out' }, 'Sign out');
  const doSignOut = async () => {
    try {
      await post('/auth/sign-out');
    } finally {
      signedOut();
    }
  };
  signOut.addEventListener('click', doSignOut);
  phoneSignOut.addEventListener('click', doSignOut);
  replace(
    topbar,
    h('a', { class: 'brand', href: '#/' }, h('img', { src: '/assets/icon.svg', alt: '' }), 'Helpdesk'),
    nav,
    h(
      'div',
      { class: 'topbar-end' },
      live,
      themeButton(),
      h('span', { class: 'who' }, h('span', { class: 'name', id: 'me-name' }, app.me.displayName), h('span', { class: 'role' }, ROLE_LABEL[app.me.role])),
      avatar(app.me.displayName),
      signOut,
      menu,
    ),
  );
  topbar.hidden = false;
}

function liveText() {
  return { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', connecting: 'Connecting…' }[liveState];
}

function setLiveState(state) {
  liveState = state;
  const element = document.getElementById('live');
  if (element) {
    element.dataset.state = state;
    element.firstChild.textContent = liveText();
  }
}

function markNav() {
  const hash = location.hash && location.hash !== '#' ? location.hash : '#/';
  topbar.querySelectorAll('[data-nav]').forEach((link) => {
    const target = link.getAttribute('data-nav');
    const active = target === '#/' ? hash === '#/' : hash.startsWith(target);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

// ---------- routing ----------
const ROUTES = [
  [/^#\/?$/, (params) => tickets.render(main, app, params)],
  [/^#\/new$/, () => newTicket.render(main, app)],
  [/^#\/tickets\/([0-9a-fA-F-]{36})$/, ([id]) => ticket.render(main, app, id)],
  [/^#\/members$/, () => members.render(main, app)],
  [/^#\/queues$/, () => queues.render(main, app)],
  [/^#\/analytics$/, () => analytics.render(main, app)],
  [/^#\/mailbox$/, () => mailbox.render(main, app)],
];

async function route() {
  if (!app.me) return;
  const hash = location.hash && location.hash !== '#' ? location.hash : '#/';
  if (!hash.startsWith('#/')) return;
  const count = ++renderCount;
  delete main.dataset.ready;
  if (currentView && currentView.dispose) currentView.dispose();
  currentView = null;
  markNav();
  const match = ROUTES.map(([pattern, view]) => [hash.match(pattern), view]).find(([found]) => found);
  replace(main, h('p', { class: 'loading' }, 'Loading…'));
  loading = true;
  missedWhileLoading = false;
  try {
    const view = match ? await match[1](match[0].slice(1)) : notFound();
    if (count === renderCount) {
      currentView = view || null;
      loading = false;
      // an event that came while the view fetched its data may not be in what it fetched
      if (missedWhileLoading && currentView && currentView.onEvent) currentView.onEvent({ type: 'RESYNC' });
    }
  } catch (error) {
    if (count === renderCount) {
      loading = false;
      showFailure(error);
    }
  }
  // tests and assistive tools can tell a finished view from a loading one
  if (count === renderCount) main.dataset.ready = 'true';
}

function notFound() {
  replace(main, emptyState('?', 'Nothing here', 'This page does not exist.', h('a', { class: 'btn', href: '#/' }, 'Back home')));
}

function showFailure(error) {
  if (error instanceof ApiError && error.status === 404) {
    replace(main, emptyState('?', 'Not found', 'It does not exist, or you may not see it.', h('a', { class: 'btn', href: '#/' }, 'Back home')));
  } else {
    replace(main, emptyState('!', 'Something went wrong', error.message, h('a', { class: 'btn', href: '#/' }, 'Back home')));
  }
}

// ---------- live events ----------
async function onLiveEvent(event) {
  if (loading) missedWhileLoading = true;
  else if (currentView && currentView.onEvent) currentView.onEvent(event);
  if (event.type === 'ASSIGNED' && app.me && event.assignee === app.me.id && event.actor !== app.me.id) {
    let title = 'A ticket';
    try {
      title = (await get(`/tickets/${event.ticketId}`)).ticket.title;
    } catch {
      // shown without its title
    }
    toast('New ticket assigned to you', { body: title, href: `#/tickets/${event.ticketId}`, linkText: 'Open ticket' });
  }
}

function resync() {
  if (currentView && currentView.onEvent) currentView.onEvent({ type: 'RESYNC' });
}

// ---------- sign in / out ----------
function signedOut() {
  if (stopLive) stopLive();
  stopLive = null;
  app.me = null;
  setCsrfToken(null);
  topbar.hidden = true;
  replace(topbar);
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', '#/');
  showSignIn();
}

async function showSignIn() {
  const options = await discoverSignIn();
  // an OIDC sign-in that failed comes back as /?signInError=<code>
  const error = new URLSearchParams(location.search).get('signInError');
  if (error) history.replaceState(null, '', '/' + location.hash);
  const returnTo = location.hash.startsWith('#/') ? '/' + location.hash : '/';
  signIn.render(main, { ...options, error, returnTo }, async (email) => {
    await post('/dev/sign-in', { email });
    await start();
  });
}

async function start() {
  let me;
  try {
    me = await get('/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await showSignIn();
      return;
    }
    throw error;
  }
  setCsrfToken(me.csrfToken);
  app.me = me.member;
  app.names.clear();
  app.learnName(app.me.id, app.me.displayName);
  const options = await discoverSignIn();
  app.devSignIn = options.dev;
  options.devMembers.forEach((member) => app.learnName(member.id, member.displayName));
  if (app.isAdmin) {
    (await get('/members')).forEach((member) => app.learnName(member.id, member.displayName));
  }
  renderTopbar();
  if (stopLive) stopLive();
  stopLive = connectLive({ onEvent: onLiveEvent, onState: setLiveState, onResync: resync });
  await route();
}

setUnauthorizedHandler(() => {
  if (app.me) signedOut();
});
window.addEventListener('hashchange', route);
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
start().catch((error) => replace(main, emptyState('!', 'The helpdesk is unreachable', error.message)));
