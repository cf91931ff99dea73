// Journeys: the funnel of a journey over a window, time in each stage against the
// expectation, the moves between stages, the customers in each stage now, the funnel per
// rule set version (where the rules changed), and who is overdue.

import { call } from "./api.js";
import { STAGES, answer, bars, day, daysAgo, figure, h, problem, section, share, stage, table, timeline } from "./view.js";

export async function render(content, { params }) {
  const { journeys = [] } = await call("RulesAdminService/GetRuleSet");
  if (journeys.length === 0) {
    content.replaceChildren(h("h2", {}, "Journeys"), h("p", {}, "The serving rule set lists no journeys (journeys.yaml)."));
    return;
  }
  const journey = h("select", { id: "journey" }, journeys.map((name) => h("option", { value: name, selected: name === params.get("journey") }, name)));
  const from = h("input", { id: "journey-from", type: "date", required: true, value: params.get("from") ?? daysAgo(90) });
  const until = h("input", { id: "journey-until", type: "date", required: true, value: params.get("until") ?? daysAgo(0) });
  const result = h("div", { id: "journey-result" });
  const form = h("form", { className: "card inline", id: "journey-form" },
    h("label", { for: "journey" }, "Journey"), journey,
    h("label", { for: "journey-from" }, "From"), from,
    h("label", { for: "journey-until" }, "Until"), until,
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await answer(result, h("p", {}, "Counting…"), () => figures(journey.value, day(from.value), day(until.value)));
  });
  content.replaceChildren(h("h2", {}, "Journeys"), form, result);
  form.requestSubmit();
}

async function figures(journey, from, until) {
  const window = { journey, from, until };
  const [funnel, byRuleSet, flows, stock, daily] = await Promise.all([
    call("AnalyticsService/Funnel", window),
    call("AnalyticsService/Funnel", { ...window, groupBy: "ANALYTICS_GROUPING_RULE_SET" }),
    call("AnalyticsService/Flows", window),
    call("AnalyticsService/Stock", { journey }),
    call("AnalyticsService/Timeline", window),
  ]);
  const days = (daily.days ?? []).map((d) => ({
    day: d.day,
    moves: (d.entered ?? []).reduce((sum, e) => sum + Number(e.moves ?? 0), 0),
    entered: d.entered ?? [],
  }));
  const ruleSets = daily.ruleSets ?? [];
  const stages = (funnel.groups ?? [])[0]?.stages ?? [];
  const items = stages.map((s) => ({ ...s, name: stage(s.stage) }));
  const planned = items.filter((s) => Number(s.expectedDays ?? 0) > 0 || Number(s.dwellP50Days ?? 0) > 0);
  return [
    section(`Funnel of ${journey}, ${funnel.from?.slice(0, 10)} to ${funnel.until?.slice(0, 10)}`,
      bars({
        id: "funnel-chart",
        title: `Moves into each stage of ${journey} and on to a later one`,
        items,
        series: [{ field: "entered", name: "entered", className: "entered" }, { field: "advanced", name: "advanced", className: "advanced" }],
      }),
      table("The funnel's figures", ["Stage", "Entered", "Advanced", "Regressed", "Skipped", "Conversion", "Target", "On time", "In stage now", "Overdue now"],
        stages.map((s) => [stage(s.stage), figure(s.entered), figure(s.advanced), figure(s.regressed), figure(s.skipped),
          share(s.conversion), s.conversionTarget === undefined ? "" : share(s.conversionTarget), share(s.onTimeRate),
          figure(s.inStageNow), figure(s.overdueNow)]), { id: "funnel-table" })),
    section("Time in stage against the expectation",
      bars({
        id: "dwell-chart",
        title: `Days in each stage of ${journey} of the customers who left it, against the expected days`,
        items: planned,
        series: [{ field: "dwellP50Days", name: "median days", className: "p50" }, { field: "dwellP90Days", name: "90th percentile", className: "p90" }],
        marks: [{ field: "expectedDays", name: "expected", className: "expected" }, { field: "lateAfterDays", name: "late after", className: "late" }],
        unit: " d",
      }),
      table("Days in stage", ["Stage", "Median", "90th percentile", "Expected", "Late after"],
        planned.map((s) => [s.name, figure(s.dwellP50Days), figure(s.dwellP90Days), figure(s.expectedDays), figure(s.lateAfterDays)]))),
    section("Day by day, and where the rules changed",
      timeline({
        id: "timeline-chart",
        title: `Moves into the stages of ${journey} per day, with a line where each rule set version was first in force`,
        from: daily.from,
        until: daily.until,
        days,
        markers: ruleSets.map((r) => ({ day: r.firstDay, label: r.version })),
      }),
      table("Rule set versions in force at the moves", ["Version", "First day", "Last day", "Moves"],
        ruleSets.map((r) => [h("code", {}, r.version), r.firstDay?.slice(0, 10) ?? "", r.lastDay?.slice(0, 10) ?? "", figure(r.moves)]),
        { id: "rule-set-spans" }),
      h("details", {}, h("summary", {}, "Moves per day and stage"),
        table("Moves into each stage per day", ["Day", "Moves", "Into"],
          days.map((d) => [d.day.slice(0, 10), figure(d.moves), d.entered.map((e) => `${stage(e.stage)} ${figure(e.moves)}`).join(", ")])))),
    section("The funnel per rule set version in force at the move",
      table("Conversion per rule set version", ["Rule set", ...STAGES.map(stage)],
        (byRuleSet.groups ?? []).map((g) => [h("code", {}, g.group || "(none)"),
          ...STAGES.map((name) => {
            const s = (g.stages ?? []).find((x) => x.stage === name);
            return s && Number(s.entered ?? 0) > 0 ? `${figure(s.entered)} → ${share(s.conversion)}` : "";
          })]), { id: "by-rule-set" })),
    table("Moves between stages", ["From", "To", "Moves"],
      (flows.flows ?? []).map((f) => [stage(f.from) || "(entered)", stage(f.to), figure(f.moves)]), { id: "flows" }),
    table("Customers in each stage now", ["Stage", "Customers", "Overdue", "Late after days"],
      (stock.stages ?? []).map((s) => [stage(s.stage), figure(s.customers), figure(s.overdue), figure(s.lateAfterDays)]), { id: "stock" }),
    overdue(journey),
  ];
}

/** Overdue customers, a page at a time (names customers: the rules-editor role). */
function overdue(journey) {
  const stageChoice = h("select", { id: "overdue-stage" }, h("option", { value: "" }, "every stage"),
    STAGES.map((value) => h("option", { value }, stage(value))));
  const list = h("div", { id: "overdue" });
  let next = "";
  const more = h("button", { type: "button", hidden: true }, "More");
  const load = async (fresh) => {
    if (fresh) {
      next = "";
      list.replaceChildren();
    }
    try {
      const page = await call("AnalyticsService/Overdue", { journey, stage: stageChoice.value || undefined, pageSize: 100, pageToken: next });
      list.append(table("Overdue customers", ["Customer", "Stage", "Since", "Days in stage", "Days overdue"],
        (page.customers ?? []).map((c) => [h("a", { href: `#/customer?id=${encodeURIComponent(c.customerId)}` }, c.customerId),
          stage(c.stage), c.since ?? "", figure(c.daysInStage), figure(c.daysOverdue)])));
      next = page.nextPageToken ?? "";
      more.hidden = !next;
    } catch (error) {
      list.append(problem(error));
    }
  };
  const show = h("button", { type: "button" }, "List them");
  show.addEventListener("click", () => load(true));
  more.addEventListener("click", () => load(false));
  return section("Overdue customers", h("label", { for: "overdue-stage" }, "Stage"), stageChoice, show, list, more);
}
