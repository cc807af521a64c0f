// DOM helpers. Every string becomes a text node or an attribute value: no HTML parsing anywhere,
// so ticket text, comments and AI notes can never become markup or script.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Appends children (nodes, strings, numbers, arrays; null and false are skipped). */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function build(element, props, children) {
  let value;
  for (const [key, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (key.startsWith('on') && typeof v === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), v);
    } else if (key === 'class') {
      element.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    } else if (key === 'dataset') {
      Object.assign(element.dataset, v);
    } else if (key === 'value') {
      value = v;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      element[key] = Boolean(v);
    } else {
      element.setAttribute(key, v === true ? '' : String(v));
    }
  }
  append(element, children);
  if (value !== undefined) element.value = value;
  return element;
}

/** An HTML element: h('a', {href: '#/', class: 'x', onClick: fn}, 'text', child). */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element, same calling convention as {@link h}. */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

/** Replaces all children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** Debounces a function (live events often come in bursts). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
