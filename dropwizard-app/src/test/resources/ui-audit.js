// A small accessibility audit run in the page by the browser tests (WCAG 2.x AA subset):
// text contrast (4.5:1, 3:1 for large text) against the composited background, labels on form
// controls, names on buttons and links, alt on images. Returns a list of findings.
function parse(color) {
  let m = color.match(/rgba?\(([^)]+)\)/);
  if (m) {
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  m = color.match(/color\(srgb ([^)]+)\)/);
  if (m) {
    const p = m[1].split(/[ /]+/).filter(Boolean).map(Number);
    return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
  }
  return [0, 0, 0, 0];
}
function blend(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
}
function background(element) {
  const layers = [];
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c[3] > 0) {
      layers.push(c);
      if (c[3] >= 1) break;
    }
  }
  let result = [255, 255, 255, 1];
  const bodyBg = parse(getComputedStyle(document.body).backgroundColor);
  if (bodyBg[3] > 0) result = blend(bodyBg, result);
  for (let i = layers.length - 1; i >= 0; i--) result = blend(layers[i], result);
  return result;
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function visible(element) {
  if (!element.getClientRects().length) return false;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.opacity === '0') return false;
  const rect = element.getBoundingClientRect();
  return rect.width > 1 && rect.height > 1;
}
const findings = [];
const seen = new Set();
document.querySelectorAll('body *').forEach((element) => {
  if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'svg', 'title', 'OPTION'].includes(element.tagName)) return;
  if (element.closest('svg, .visually-hidden, [disabled], .inactive')) return;
  const text = [...element.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  if (!text || !visible(element)) return;
  const style = getComputedStyle(element);
  const fg = parse(style.color);
  const bg = background(element);
  const color = blend(fg, bg);
  const size = parseFloat(style.fontSize);
  const bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const value = ratio(color, bg);
  const needed = large ? 3 : 4.5;
  if (value < needed) {
    const key = text.slice(0, 40) + style.color + bg.join();
    if (!seen.has(key)) {
      seen.add(key);
      findings.push({ rule: 'contrast', text: text.slice(0, 60), ratio: Math.round(value * 100) / 100, needed, color: style.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(',')})` });
    }
  }
});
document.querySelectorAll('input, select, textarea').forEach((control) => {
  if (control.type === 'hidden' || !visible(control)) return;
  const named = (control.labels && control.labels.length) || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
  if (!named) findings.push({ rule: 'label', text: control.outerHTML.slice(0, 80) });
});
document.querySelectorAll('button, a[href]').forEach((control) => {
  if (!visible(control)) return;
  const name = (control.textContent || '').trim() || control.getAttribute('aria-label') || control.getAttribute('title');
  if (!name) findings.push({ rule: 'name', text: control.outerHTML.slice(0, 80) });
});
document.querySelectorAll('img').forEach((image) => {
  if (!image.hasAttribute('alt')) findings.push({ rule: 'alt', text: image.outerHTML.slice(0, 80) });
});
return findings;
