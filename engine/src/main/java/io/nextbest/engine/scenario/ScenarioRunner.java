package io.nextbest.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;

/**
 * Runs scenarios with the engine that serves traffic, so that a passing scenario means
 * the server decides the same way.
 */
public final class ScenarioRunner {

	private ScenarioRunner() {
	}

	/**
	 * Runs scenarios.
	 * @param ruleSet the rule set to run them on
	 * @param scenarios the scenarios
	 * @return one result per scenario, in order
	 */
	public static List<ScenarioResult> run(RuleSet ruleSet, List<Scenario> scenarios) {
		return run(ruleSet, scenarios, Cancellation.NONE);
	}

	/** Runs scenarios, stopping before the next one once cancelled. */
	public static List<ScenarioResult> run(RuleSet ruleSet, List<Scenario> scenarios, Cancellation cancellation) {
		RuleSet quiet = ruleSet.unobserved();
		List<ScenarioResult> results = new ArrayList<>(scenarios.size());
		for (Scenario scenario : scenarios) {
			cancellation.check();
			results.add(run(quiet, scenario));
		}
		return List.copyOf(results);
	}

	private static ScenarioResult run(RuleSet ruleSet, Scenario scenario) {
		Decision decision = DecisionEngine.decide(ruleSet, scenario.customer(), scenario.request(), scenario.at(),
				"scenario");
		List<String> failures = new ArrayList<>();
		List<String> got = new ArrayList<>();
		for (ChannelDecision outcome : decision.channels()) {
			got.add(ScenarioParser.name(outcome.channel()) + ": " + describe(outcome));
		}
		for (Map.Entry<Channel, Scenario.Expected> entry : scenario.expected().entrySet()) {
			ChannelDecision outcome = decision.channel(entry.getKey());
			if (!matches(entry.getValue(), outcome)) {
				failures.add(ScenarioParser.name(entry.getKey()) + ": expected " + entry.getValue() + ", got "
						+ describe(outcome));
			}
		}
		for (String rule : scenario.fired()) {
			if (!decision.firedRules().contains(rule)) {
				failures.add("expected rule \"" + rule + "\" to fire, it did not");
			}
		}
		for (String rule : scenario.notFired()) {
			if (decision.firedRules().contains(rule)) {
				failures.add("expected rule \"" + rule + "\" not to fire, it did");
			}
		}
		return new ScenarioResult(scenario.file(), scenario.line(), scenario.name(), List.copyOf(failures),
				List.copyOf(got), decision.firedRules());
	}

	private static boolean matches(Scenario.Expected expected, ChannelDecision outcome) {
		if (expected.actionId() != null) {
			return outcome.isAction() && outcome.action().definition().id().equals(expected.actionId());
		}
		if (expected.suppressed()) {
			return outcome.isSuppression()
					&& (expected.code() == null || expected.code() == outcome.suppression().code());
		}
		return outcome.isNone();
	}

	/**
	 * An outcome in a few words:
	 * {@code action case-update (rule "Open case gets a case update")}.
	 */
	static String describe(ChannelDecision outcome) {
		if (outcome.isAction()) {
			return "action " + outcome.action().definition().id() + " (rule \"" + outcome.action().rule()
					+ "\", priority " + outcome.action().priority() + ")";
		}
		if (outcome.isSuppression()) {
			return "suppressed " + ScenarioParser.name(outcome.suppression().code()) + " ("
					+ outcome.reasons().get(0).rule() + ")";
		}
		return "nothing";
	}

}
