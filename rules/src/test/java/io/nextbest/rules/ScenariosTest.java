package io.nextbest.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.ScenarioResult;
import io.nextbest.engine.scenario.Validation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marketers' scenarios under {@code scenarios/} pass, and together they exercise
 * every rule of the sample rule set, decision table rows included.
 */
class ScenariosTest {

	private static final Validation VALIDATION = RuleSetLoader.validate(RuleFiles.read(Path.of("").toAbsolutePath()),
			"rules", Clock.fixed(SampleRules.NOW, ZoneOffset.UTC));

	@Test
	void everyScenarioPasses() {
		assertThat(VALIDATION.diagnostics()).as("problems in the rule files").isEmpty();
		assertThat(VALIDATION.scenarios()).as("scenarios found").hasSizeGreaterThan(20);
		List<String> failed = VALIDATION.failedScenarios()
			.stream()
			.map((s) -> s.file() + ":" + s.line() + " '" + s.name() + "': " + s.failures() + ", got " + s.got()
					+ ", fired " + s.firedRules())
			.toList();
		assertThat(failed).as("failed scenarios").isEmpty();
	}

	@Test
	void everySampleRuleFiresInAScenario() {
		Set<String> rules = VALIDATION.ruleSet()
			.rules()
			.values()
			.stream()
			.flatMap(List::stream)
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> fired = VALIDATION.scenarios()
			.stream()
			.map(ScenarioResult::firedRules)
			.flatMap(List::stream)
			.collect(Collectors.toSet());
		rules.removeAll(fired);
		assertThat(rules).as("rules no scenario makes fire").isEmpty();
	}

	@Test
	void decisionTableRowsAreRulesOfTheirFile() {
		assertThat(VALIDATION.ruleSet().rules().get("segment-offers.drl.csv")).containsExactly(
				"Enterprise adopter gets a success review", "Loyal enterprise customer gets the upgrade offer",
				"Loyal small business gets the bundle offer");
	}

}
