// Customer: the single customer view (GetContext, the privacy role) and an explained
// decision for it on chosen channels at a chosen time (Simulate with the serving rules:
// nothing is recorded).

import { call } from "./api.js";
import { answer, channel, channelChoices, chosenChannels, facts, figure, h, label, stage, table, utc } from "./view.js";
import { explained } from "./decision.js";

export async function render(content, { params }) {
  const id = h("input", { id: "customer-id", name: "id", required: true, spellcheck: "false", value: params.get("id") ?? "" });
  const at = h("input", { id: "customer-at", name: "at", type: "datetime-local" });
  const channels = channelChoices(["CHANNEL_WEB", "CHANNEL_EMAIL"]);
  const result = h("div", { id: "customer-result" });
  const form = h("form", { className: "card", id: "customer-form" },
    h("label", { for: "customer-id" }, "Customer id"), id,
    h("fieldset", {}, h("legend", {}, "Channels to explain"), channels),
    h("label", { for: "customer-at" }, "Decide at (UTC; now when empty)"), at,
    h("button", { type: "submit" }, "Look up"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = chosenChannels(form);
    history.replaceState(null, "", `#/customer?id=${encodeURIComponent(id.value.trim())}`);
    await answer(result, h("p", {}, "Looking up…"), () => lookUp(id.value.trim(), chosen, utc(at.value)));
  });
  content.replaceChildren(h("h2", {}, "Customer"), form, result);
  if (id.value) {
    form.requestSubmit();
  }
}

async function lookUp(customerId, channels, at) {
  const { context = {} } = await call("ContextService/GetContext", { customerId });
  if (!context.known) {
    return [h("p", { className: "none" }, `No customer ${customerId} is stored.`)];
  }
  const explained = channels.length === 0 ? null
    : await call("RulesAdminService/Simulate", { customer: context, channels, at, explain: true });
  return [
    h("h3", {}, `Customer ${customerId}`),
    facts([["Last changed", context.updatedAt ?? ""]]),
    table("Profile", ["Attribute", "Value"], Object.entries(context.profile ?? {}).sort().map(([k, v]) => [k, v])),
    table("Journeys", ["Journey", "Stage", "Since"],
      (context.journeys ?? []).map((j) => [j.journey, stage(j.stage), j.since ?? ""]), { id: "journeys" }),
    table("Stage history (most recent last)", ["Journey", "From", "To", "At", "Days in the stage left"],
      (context.stageHistory ?? []).map((c) => [c.journey, stage(c.from) || "(entered)", stage(c.to), c.at ?? "", figure(c.daysInFrom)])),
    table("Service cases", ["Case", "Product", "Severity", "Opened", "Closed"],
      (context.cases ?? []).map((c) => [c.caseId, c.product ?? "", label(c.severity, "CASE_SEVERITY_"), c.openedAt ?? "", c.closedAt ?? "open"])),
    table("Consents", ["Channel", "Purpose", "Status", "Changed"],
      (context.consents ?? []).map((c) => [channel(c.channel), label(c.purpose, "PURPOSE_"), label(c.status, "CONSENT_STATUS_"), c.changedAt ?? ""])),
    table("Surveys", ["Survey", "Score", "About channel", "Answered"],
      (context.surveys ?? []).map((v) => [label(v.survey, "SURVEY_TYPE_"), figure(v.score), channel(v.channel), v.answeredAt ?? ""])),
    table("Contact history", ["Action", "Channel", "Outcome", "At", "Decision"],
      (context.contactHistory ?? []).map((c) => [c.actionId, channel(c.channel), label(c.outcome, "OUTCOME_"), c.occurredAt ?? "", c.decisionId ?? ""])),
    explained ? decision(explained) : null,
  ];
}

function decision({ decision = {}, firedRules = [] }) {
  return h("section", { id: "explain" },
    h("h3", {}, `Decision at ${decision.decidedAt ?? ""} with rule set ${decision.ruleSet?.version ?? ""}`),
    h("p", {}, "Simulated with the serving rules: nothing was recorded."),
    (decision.channels ?? []).map((c) => explained(c)),
    h("p", {}, "Rules that fired, in order: ", firedRules.length ? h("code", {}, firedRules.join(", ")) : "none"));
}
