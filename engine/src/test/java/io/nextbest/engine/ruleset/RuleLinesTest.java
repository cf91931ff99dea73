package io.nextbest.engine.ruleset;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of a DRL file links to the line of its rule keyword, and a DRL file's syntax
 * error to its line and column.
 */
class RuleLinesTest {

	@Test
	void eachRuleHasTheLineItStartsOn() {
		String drl = """
				package io.nextbest.rules;
				import io.nextbest.facts.*;

				// rule "Not a rule" in a comment is not at a line's start
				rule "Loyal customers get the offer"
				when
				    Journey(stage == Stage.LOYALTY)
				then
				    insert(Propose.action("offer").priority(50));
				end

				  rule 'Adopters get the offer' salience 2
				when
				    Journey(stage == Stage.ADOPTION)
				then
				    insert(Propose.action("offer").priority(40));
				end
				rule Unquoted
				when
				    Journey(stage == Stage.ONBOARDING)
				then
				end
				""";
		RuleFiles files = RuleFiles.of(Map.of("actions.yaml", RuleDirectory.CATALOGUE.getBytes(StandardCharsets.UTF_8),
				"offers.drl", drl.getBytes(StandardCharsets.UTF_8)));

		Validation validation = RuleSetLoader.validate(files, "test",
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC));

		assertThat(validation.diagnostics()).isEmpty();
		RuleSet ruleSet = validation.ruleSet();
		assertThat(ruleSet.line("Loyal customers get the offer")).isEqualTo(5);
		assertThat(ruleSet.line("Adopters get the offer")).isEqualTo(12);
		assertThat(ruleSet.line("Unquoted")).isEqualTo(18);
		assertThat(ruleSet.line("No such rule")).isZero();
	}

	@Test
	void aSyntaxErrorIsAtItsLineAndColumn() {
		String drl = """
				package io.nextbest.rules;
				import io.nextbest.facts.*;

				rule "Half written"
				when
				    Journey(stage == )
				then
				end
				""";
		RuleFiles files = RuleFiles.of(Map.of("actions.yaml", RuleDirectory.CATALOGUE.getBytes(StandardCharsets.UTF_8),
				"offers.drl", drl.getBytes(StandardCharsets.UTF_8)));

		Validation validation = RuleSetLoader.validate(files, "test",
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC));

		assertThat(validation.diagnostics()).first().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl");
			assertThat(d.line()).isEqualTo(6);
			// The closing parenthesis where a value was due.
			assertThat(d.column()).isEqualTo(22);
		});
	}

}
