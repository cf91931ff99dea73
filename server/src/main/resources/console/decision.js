// A channel's decision as the console shows it: the outcome, the reasons, and the
// decision funnel (every candidate and what became of it), for the customer page and the
// what-if's examples alike.

import { channel, figure, h, label, reason, section, table } from "./view.js";

/** The outcome in words: the action, the suppression and why, or none. */
export function outcome(c) {
  if (c.action) {
    return `action ${c.action.actionId}`;
  }
  if (c.suppression) {
    return `suppressed ${reason(c.suppression.code)}: ${c.suppression.message ?? ""}`;
  }
  return "none";
}

/** One channel's decision with its reasons and funnel. */
export function explained(c, heading = `${channel(c.channel)}: ${outcome(c)}`) {
  return section(heading,
    h("ul", {}, (c.reasons ?? []).map((r) => h("li", {}, h("code", {}, r.rule), ` ${r.message ?? ""}`))),
    table(`Decision funnel on ${channel(c.channel)}`,
      ["Action", "Rule", "Priority", "Value", "Propensity", "Lever", "Score", "Status", "Removed by", "Why"],
      (c.funnel ?? []).map((e) => [e.actionId, e.rule, figure(e.priority), figure(e.value), figure(e.propensity),
        figure(e.lever), figure(e.score), label(e.status, "FUNNEL_STATUS_"), e.removedBy ?? "", e.message ?? ""]),
      { className: "funnel" }));
}
