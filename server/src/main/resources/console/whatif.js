// What-if: a candidate rule set (a git ref of the rules repository, or a directory on
// the server) against the serving one over the stored population, with its progress as
// it runs, then the matrix of outcomes per channel and example customers.

import { stream } from "./api.js";
import { STAGES, channel, channelChoices, chosenChannels, facts, figure, h, problem, section, stage, table, utc } from "./view.js";
import { explained, outcome } from "./decision.js";

export async function render(content) {
  const kind = (value, text, checked) => h("label", { className: "choice" },
    h("input", { type: "radio", name: "candidate-kind", value, checked }), ` ${text}`);
  const candidate = h("input", { id: "candidate", required: true, spellcheck: "false", placeholder: "my-branch, HEAD~1, or ../rules-branch" });
  const channels = channelChoices(["CHANNEL_EMAIL"]);
  const journey = h("input", { id: "population-journey", spellcheck: "false" });
  const stageChoice = h("select", { id: "population-stage" }, h("option", { value: "" }, "any"),
    STAGES.map((value) => h("option", { value }, stage(value))));
  const segment = h("input", { id: "population-segment", spellcheck: "false" });
  const sample = h("input", { id: "population-sample", type: "number", min: "0", max: "1", step: "any", placeholder: "all" });
  const seed = h("input", { id: "population-seed", type: "number", step: "1", value: "1" });
  const at = h("input", { id: "whatif-at", type: "datetime-local" });
  const progress = h("progress", { id: "whatif-progress", max: "1", value: "0", hidden: true });
  const progressText = h("p", { id: "whatif-progress-text", role: "status" });
  const result = h("div", { id: "whatif-result" });
  const run = h("button", { type: "submit" }, "Run the what-if");
  const form = h("form", { className: "card", id: "whatif-form" },
    h("fieldset", {}, h("legend", {}, "Candidate rule set"),
      kind("ref", "a git ref of the rules repository", true), kind("directory", "a directory on the server"),
      h("label", { for: "candidate" }, "Ref or directory"), candidate),
    h("fieldset", {}, h("legend", {}, "Channels"), channels),
    h("fieldset", {}, h("legend", {}, "Population (every stored customer when empty)"),
      h("label", { for: "population-journey" }, "Journey"), journey,
      h("label", { for: "population-stage" }, "Stage"), stageChoice,
      h("label", { for: "population-segment" }, "Segment"), segment,
      h("label", { for: "population-sample" }, "Sample share (0 to 1)"), sample,
      h("label", { for: "population-seed" }, "Sample seed"), seed),
    h("label", { for: "whatif-at" }, "Decide at (UTC; now when empty)"), at,
    run);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = {
      channels: chosenChannels(form),
      population: {
        journey: journey.value.trim() || undefined,
        stage: stageChoice.value || undefined,
        segment: segment.value.trim() || undefined,
        sample: sample.value ? Number(sample.value) : undefined,
        seed: seed.value || undefined,
      },
      at: utc(at.value),
    };
    const ref = form.querySelector("input[name=candidate-kind]:checked").value === "ref";
    request[ref ? "candidateRef" : "candidateDirectory"] = candidate.value.trim();
    run.disabled = true;
    progress.hidden = false;
    progress.removeAttribute("value");
    progressText.textContent = "Starting…";
    result.replaceChildren();
    try {
      await stream("RulesAdminService/WhatIf", request, (update) => {
        if (update.progress) {
          const p = update.progress;
          progress.max = Number(p.ranges ?? 1) || 1;
          progress.value = Number(p.rangesDone ?? 0);
          progressText.textContent = `Read ${figure(p.read)} of ${figure(p.stored)} stored customers, decided ${figure(p.decided)}.`;
        } else if (update.report) {
          progress.value = progress.max;
          progressText.textContent = `Done in ${figure(update.report.tookMillis)} ms.`;
          result.replaceChildren(report(update.report));
        }
      });
    } catch (error) {
      progress.hidden = true;
      progressText.textContent = "";
      result.replaceChildren(problem(error));
    } finally {
      run.disabled = false;
    }
  });
  content.replaceChildren(h("h2", {}, "What-if"),
    h("p", {}, "Decides every stored customer (or the population below) with the serving rule set and with a candidate, at the same moment, and shows what would change. Nothing is recorded. Needs the rules-editor role."),
    form, progress, progressText, result);
}

const customerLink = (id) => h("a", { href: `#/customer?id=${encodeURIComponent(id)}` }, id);

function examples(ids) {
  return (ids ?? []).length === 0 ? "" : h("span", { className: "examples" }, ids.flatMap((id, i) => i ? [", ", customerLink(id)] : [customerLink(id)]));
}

function report(r) {
  return h("div", {},
    facts([
      ["Serving", h("code", {}, r.base?.version ?? "")],
      ["Candidate", h("code", {}, r.candidate?.version ?? "")],
      ["Decided at", r.decidedAt ?? ""],
      ["Population", r.population ?? ""],
      ["Customers decided", h("span", { id: "whatif-customers" }, figure(r.customers))],
      ["Customers whose outcome changed", h("span", { id: "whatif-changed" }, figure(r.changedCustomers))],
      ["Newly marketed", h("span", { id: "whatif-newly-marketed" }, figure(r.newlyMarketed?.count))],
      ["Newly suppressed", h("span", { id: "whatif-newly-suppressed" }, figure(r.newlySuppressed?.count))],
    ]),
    (r.failedScenarios ?? []).length === 0 ? null
      : table("Scenarios the candidate fails", ["Scenario", "File", "What differed"],
        r.failedScenarios.map((f) => [f.name, `${f.file}:${f.line ?? 0}`, (f.failures ?? []).join(" ")]), { className: "problem-table" }),
    (r.channels ?? []).map((m) => section(`${m.channel}: ${figure(m.changed)} changed`,
      table(`Outcomes on ${m.channel}: serving × candidate`, ["Serving", "Candidate", "Customers", "Examples"],
        (m.cells ?? []).map((cell) => [cell.base?.label ?? "", cell.candidate?.label ?? "", figure(cell.customers), examples(cell.examples)]),
        { className: "matrix" }))),
    section("Newly marketed", h("p", {}, examples(r.newlyMarketed?.examples) || "None.")),
    section("Newly suppressed", h("p", {}, examples(r.newlySuppressed?.examples) || "None.")),
    table("Rules that fire a different number of times", ["Rule", "Serving", "Candidate"],
      (r.changedRules ?? []).map((c) => [c.rule, figure(c.base), figure(c.candidate)])),
    table("Rules of the candidate that never fired", ["Rule", "File"], (r.neverFired ?? []).map((n) => [n.rule, n.file])),
    table("Daily volume per action", ["Action", "Serving", "Candidate", "Capacity", "Over capacity"],
      (r.volumes ?? []).map((v) => [v.actionId, figure(v.base), figure(v.candidate), figure(v.capacity), v.overCapacity ? "yes" : ""])),
    section("Examples explained",
      h("p", {}, "Each example customer decided with both rule sets, with the decision funnels: why the outcome changed."),
      h("div", { id: "whatif-examples" }, (r.examples ?? []).map(example))),
    h("details", {}, h("summary", {}, "The report in Markdown, for a pull request"), h("pre", {}, r.markdown ?? "")));
}

function example(e) {
  const candidate = new Map((e.candidate?.channels ?? []).map((c) => [`${c.channel}|${c.placement ?? ""}`, c]));
  return h("details", { className: "example", "data-customer": e.customerId },
    h("summary", {}, e.customerId),
    (e.base?.channels ?? []).map((b) => {
      const c = candidate.get(`${b.channel}|${b.placement ?? ""}`) ?? {};
      return h("div", { className: "arms" },
        explained(b, `${channel(b.channel)}, serving: ${outcome(b)}`),
        explained(c, `${channel(b.channel)}, candidate: ${outcome(c)}`));
    }));
}
