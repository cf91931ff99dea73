// Building the pages: elements, tables, names, and the charts (SVG, each with a table of
// the same figures beside it). Numbers are shown as the API gives them in JSON: a figure
// the answer leaves out (proto3 JSON leaves out zeros) is 0.

const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes (on* are listeners) and children (text, elements, arrays). */
export function h(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** The same for SVG. */
export function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name === "className" ? "class" : name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** A figure as the API gives it: the JSON value, or 0 when left out. */
export function figure(value) {
  return value === undefined || value === null || value === "" ? "0" : String(value);
}

/** A share 0..1 as the API gives it, with the percentage beside it. */
export function share(value) {
  const n = Number(value ?? 0);
  return `${figure(value)} (${(n * 100).toFixed(1)} %)`;
}

/** JOURNEY_STAGE_VALUE_REALIZATION as "value realization"; CHANNEL_EMAIL as "email". */
export function label(value, prefix) {
  if (!value || value.endsWith("_UNSPECIFIED")) {
    return "";
  }
  return value.replace(prefix, "").toLowerCase().replaceAll("_", " ");
}

export const stage = (value) => label(value, "JOURNEY_STAGE_");
export const channel = (value) => label(value, "CHANNEL_");
export const reason = (value) => label(value, "REASON_CODE_");

export const STAGES = [
  "AWARENESS", "ENGAGED", "MARKETING_QUALIFIED", "EVALUATION", "PURCHASE",
  "ONBOARDING", "ADOPTION", "VALUE_REALIZATION", "LOYALTY", "ADVOCACY",
].map((name) => `JOURNEY_STAGE_${name}`);

export const CHANNELS = ["WEB", "APP", "EMAIL", "SMS", "PUSH", "CONTACT_CENTRE"].map((name) => `CHANNEL_${name}`);

/** A checkbox per channel, those given checked; chosenChannels reads them back. */
export function channelChoices(checked) {
  return CHANNELS.map((value) => h("label", { className: "choice" },
    h("input", { type: "checkbox", name: "channel", value, checked: checked.includes(value) }), ` ${channel(value)}`));
}

/** The channels checked in a form, as the API names them. */
export function chosenChannels(form) {
  return [...form.querySelectorAll("input[name=channel]:checked")].map((box) => box.value);
}

/** A table with a caption, column headers, and rows of cells (text or elements). */
export function table(caption, headers, rows, attributes = {}) {
  return h("table", attributes,
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, rows.length === 0
      ? h("tr", {}, h("td", { colspan: headers.length, className: "none" }, "None."))
      : rows.map((row) => h("tr", {}, row.map((cell, i) => i === 0
        ? h("th", { scope: "row" }, cell)
        : h("td", { className: /^-?[0-9.]+( \(.*\))?$/.test(String(cell)) ? "num" : null }, cell))))));
}

/** A term and description list. */
export function facts(pairs) {
  return h("dl", { className: "facts" }, pairs.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

/** A heading for a part of a page. */
export function section(title, ...children) {
  return h("section", {}, h("h3", {}, title), ...children);
}

/** A problem, said where a screen reader announces it. */
export function problem(error) {
  const field = error.field ? ` (${error.field})` : "";
  return h("p", { className: "problem", role: "alert" }, `${error.code ?? "error"}${field}: ${error.message}`);
}

/**
 * Shows `waiting` in an element, then what `work` draws (an array of nodes) or its
 * problem. When the element is asked again before the work is done (a second look-up, a
 * changed window), the later `waiting` replaces this one, and this answer, if it comes
 * last, is dropped.
 */
export async function answer(element, waiting, work) {
  element.replaceChildren(waiting);
  let drawn;
  try {
    drawn = await work();
  } catch (error) {
    drawn = [problem(error)];
  }
  if (waiting.parentNode === element) {
    element.replaceChildren(...drawn);
  }
}

/** A datetime-local input's value (taken as UTC) as an RFC 3339 time, or undefined. */
export function utc(value) {
  return value ? new Date(`${value}:00Z`).toISOString() : undefined;
}

/** A date input's value as the RFC 3339 time of its start (UTC). */
export function day(value) {
  return `${value}T00:00:00Z`;
}

/** Today and the day n days before, as date input values (UTC). */
export function daysAgo(n) {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Horizontal bars: one row per item, each with bars of the given series (drawn in
 * order, the first longest), the figures written beside them, and optional marks (an
 * expected value) as lines. Described for screen readers by the table the caller puts
 * beside it.
 */
export function bars({ id, title, items, series, marks = [], unit = "" }) {
  const rowHeight = 18 * series.length + 14;
  const labelWidth = 170;
  const width = 640;
  const plot = width - labelWidth - 120;
  const max = Math.max(1, ...items.flatMap((item) => [...series, ...marks].map((key) => Number(item[key.field] ?? 0))));
  const height = items.length * rowHeight + 30;
  return s("svg", { id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, className: "chart" },
    s("title", {}, title),
    items.map((item, row) => {
      const y = row * rowHeight + 6;
      return s("g", { className: "row" },
        s("text", { x: labelWidth - 8, y: y + rowHeight / 2, "text-anchor": "end", className: "label" }, item.name),
        series.map((key, i) => {
          const value = Number(item[key.field] ?? 0);
          const barY = y + i * 18;
          return s("g", {},
            s("rect", { x: labelWidth, y: barY, width: Math.max(1, (value / max) * plot), height: 14, className: `bar ${key.className}` },
              s("title", {}, `${item.name}: ${key.name} ${figure(item[key.field])}${unit}`)),
            s("text", { x: labelWidth + (value / max) * plot + 6, y: barY + 11, className: "value" }, `${figure(item[key.field])}${unit}`));
        }),
        marks.filter((mark) => Number(item[mark.field] ?? 0) > 0).map((mark) => {
          const x = labelWidth + (Number(item[mark.field]) / max) * plot;
          return s("line", { x1: x, x2: x, y1: y - 2, y2: y + 18 * series.length, className: `mark ${mark.className}` },
            s("title", {}, `${item.name}: ${mark.name} ${figure(item[mark.field])}${unit}`));
        }));
    }),
    s("g", { className: "legend" }, [...series, ...marks].map((key, i) =>
      s("g", {},
        s("rect", { x: labelWidth + i * 150, y: height - 18, width: 12, height: 12, className: `bar ${key.className}` }),
        s("text", { x: labelWidth + i * 150 + 18, y: height - 8 }, key.name)))));
}

/**
 * Moves per day as bars over a window of days, with a marked line where each rule set
 * version was first in force (the rules changed there).
 */
export function timeline({ id, title, from, until, days, markers }) {
  const start = Date.parse(from);
  const count = Math.max(1, Math.round((Date.parse(until) - start) / 86_400_000) + 1);
  const width = 640;
  const height = 220;
  const left = 40;
  const plot = width - left - 10;
  const top = 28;
  const bottom = height - 30;
  const max = Math.max(1, ...days.map((d) => d.moves));
  const x = (day) => left + (Math.round((Date.parse(day) - start) / 86_400_000) / count) * plot;
  const barWidth = Math.max(1, plot / count - 1);
  return s("svg", { id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, className: "chart" },
    s("title", {}, title),
    s("line", { x1: left, x2: width - 10, y1: bottom, y2: bottom, className: "axis" }),
    s("text", { x: left, y: height - 10 }, from.slice(0, 10)),
    s("text", { x: width - 10, y: height - 10, "text-anchor": "end" }, until.slice(0, 10)),
    s("text", { x: left - 6, y: top + 4, "text-anchor": "end" }, String(max)),
    days.map((d) => {
      const barHeight = ((bottom - top) * d.moves) / max;
      return s("rect", { x: x(d.day), y: bottom - barHeight, width: barWidth, height: Math.max(barHeight, 0.5), className: "bar entered" },
        s("title", {}, `${d.day.slice(0, 10)}: ${d.moves} moves`));
    }),
    markers.map((m, i) => s("g", { className: "marker" },
      s("line", { x1: x(m.day), x2: x(m.day), y1: top - 6, y2: bottom, className: "mark rules" },
        s("title", {}, `${m.day.slice(0, 10)}: rule set ${m.label} first in force`)),
      s("text", { x: x(m.day) + 3, y: top - 8 + (i % 2) * 12, className: "marker-label" }, m.label))));
}
