// Overview: the rule set each member serves, the last reload and its problems at their
// file, line and column, scenario results, and how often each rule fired.

import { call } from "./api.js";
import { facts, figure, h, problem, section, table } from "./view.js";

/** A rule file's place: a link into the rules repository when configured, else text. */
export function source(settings, file, line, column) {
  const place = [file, line || null, column || null].filter((part) => part !== null).join(":");
  if (!settings.sourceLink || !file) {
    return h("code", {}, place);
  }
  const href = settings.sourceLink.replaceAll("{file}", file.split("/").map(encodeURIComponent).join("/"))
    .replaceAll("{line}", String(line || 1));
  return h("a", { href, rel: "noreferrer" }, h("code", {}, place));
}

export async function render(content, { settings }) {
  const ruleSet = await call("RulesAdminService/GetRuleSet");
  const reload = ruleSet.lastReload ?? {};
  const lines = new Map();
  for (const file of ruleSet.files ?? []) {
    (file.rules ?? []).forEach((rule, i) => lines.set(`${file.path}\u0000${rule}`, (file.lines ?? [])[i] ?? 0));
  }
  const firings = ruleSet.firings ?? [];
  const neverFired = firings.filter((firing) => figure(firing.fired) === "0");
  const rulesTable = () => table(`Rules and how often each fired in decisions this member served (${firings.length} rules, ${neverFired.length} never fired)`,
    ["Rule", "Source", "Fired"],
    (onlyNever.checked ? neverFired : firings).map((firing) => [
      firing.rule,
      source(settings, firing.file, lines.get(`${firing.file}\u0000${firing.rule}`)),
      figure(firing.fired),
    ]), { id: "rules" });
  const onlyNever = h("input", { type: "checkbox", id: "never-fired" });
  const rules = h("div", {}, rulesTable());
  onlyNever.addEventListener("change", () => rules.replaceChildren(rulesTable()));

  const scenarios = h("div", { id: "scenarios" });
  const runScenarios = h("button", { type: "button", id: "run-scenarios" }, "Run the scenarios");
  runScenarios.addEventListener("click", async () => {
    runScenarios.disabled = true;
    scenarios.replaceChildren(h("p", {}, "Compiling the rules directory and running its scenarios…"));
    try {
      const result = await call("RulesAdminService/Validate", {});
      scenarios.replaceChildren(
        h("p", {}, result.valid ? "The rules directory is valid: it compiles and every scenario passes."
          : "The rules directory is not valid."),
        problems(settings, result.diagnostics ?? [], "Problems of the rules directory"),
        table("Scenarios", ["Scenario", "Source", "Result", "What differed"],
          (result.scenarios ?? []).map((scenario) => [
            scenario.name,
            source(settings, scenario.file, scenario.line),
            scenario.passed ? "passed" : "FAILED",
            (scenario.failures ?? []).join(" "),
          ]), { id: "scenario-results" }));
    } catch (error) {
      scenarios.replaceChildren(problem(error));
    } finally {
      runScenarios.disabled = false;
    }
  });

  content.replaceChildren(
    h("h2", {}, "Overview"),
    section("Serving",
      facts([
        ["Version", h("code", { id: "serving-version" }, ruleSet.version?.version ?? "")],
        ["Loaded at", ruleSet.version?.loadedAt ?? ""],
        ["Rules directory", h("code", {}, ruleSet.directory ?? "")],
      ]),
      table("What each member serves", ["Member", "Version", "This member"],
        (ruleSet.members ?? []).map((member) => [
          member.member,
          h("code", { className: member.version === ruleSet.version?.version ? null : "differs" }, member.version),
          member.local ? "yes" : "",
        ]), { id: "members" })),
    section("Last reload",
      facts([
        ["Outcome", h("span", { id: "reload-outcome" }, (reload.outcome ?? "").replace("RELOAD_OUTCOME_", "").toLowerCase())],
        ["Trigger", reload.trigger ?? ""],
        ["At", reload.attemptedAt ?? ""],
        ["Took", `${figure(reload.tookMillis)} ms`],
        ["Version read", h("code", {}, reload.version ?? "")],
      ]),
      problems(settings, reload.problems ?? [], "Why it was rejected (the previous rule set keeps serving)", "reload-problems"),
      (reload.failedScenarios ?? []).length === 0 ? null
        : table("Scenarios that failed", ["Scenario", "Source", "What differed"],
          reload.failedScenarios.map((scenario) => [scenario.name, source(settings, scenario.file, scenario.line),
            (scenario.failures ?? []).join(" ")]))),
    section("Scenarios",
      h("p", {}, "Compile the rules directory as it is now and run its scenarios, without serving anything (needs the rules-editor role)."),
      runScenarios, scenarios),
    section("Rules",
      h("p", {}, h("label", {}, onlyNever, " Only the rules that never fired")),
      rules));
}

function problems(settings, list, caption, id) {
  if (list.length === 0) {
    return null;
  }
  return h("div", { id },
    h("h4", {}, caption),
    h("ul", { className: "problems" }, list.map((d) => h("li", {},
      source(settings, d.file, d.line, d.column), " ", d.message))));
}
