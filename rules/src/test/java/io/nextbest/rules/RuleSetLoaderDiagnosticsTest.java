package io.nextbest.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetException;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a marketer sees when an edit is invalid: every problem with its file and line,
 * before anything serves traffic.
 */
class RuleSetLoaderDiagnosticsTest {

	private static final String CATALOGUE = """
			actions:
			  - id: onboarding-guide
			    kind: message
			    purpose: service
			    channels: [web, email]
			    content: journey/onboarding/welcome-guide
			""";

	private static final String VALID_RULE = """
			package io.nextbest.rules;

			import io.nextbest.facts.*;

			// Onboarding customers get the guide.
			rule "Onboarding gets the welcome guide"
			when
			    $j : Journey(stage == Stage.ONBOARDING)
			then
			    insert(Propose.action("onboarding-guide").priority(68).journey($j.getName()));
			end
			""";

	@TempDir
	Path rules;

	@Test
	void validRuleSetLoads() throws IOException {
		write("actions.yaml", CATALOGUE);
		write("journey.drl", VALID_RULE);
		RuleSet ruleSet = load();
		assertThat(ruleSet.files()).containsExactly("actions.yaml", "journey.drl");
		assertThat(ruleSet.catalogue().get("onboarding-guide")).isNotNull();
	}

	@Test
	void drlSyntaxErrorIsReportedWithFileAndLine() throws IOException {
		write("actions.yaml", CATALOGUE);
		write("journey.drl", VALID_RULE);
		write("broken.drl", """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Missing a closing parenthesis"
				when
				    $j : Journey(stage == Stage.ONBOARDING
				then
				    insert(Propose.action("onboarding-guide"));
				end
				""");
		List<RuleDiagnostic> diagnostics = failures();
		assertThat(diagnostics).isNotEmpty().allSatisfy((d) -> assertThat(d.file()).isEqualTo("broken.drl"));
		assertThat(diagnostics).extracting(RuleDiagnostic::line).contains(8);
	}

	@Test
	void unknownActionIsReportedWithFileLineAndActionId() throws IOException {
		write("actions.yaml", CATALOGUE);
		write("journey.drl", VALID_RULE.replace("\"onboarding-guide\"", "\"onboarding-gide\""));
		List<RuleDiagnostic> diagnostics = failures();
		assertThat(diagnostics).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("journey.drl");
			assertThat(d.line()).isEqualTo(10);
			assertThat(d.message()).contains("unknown action 'onboarding-gide'");
		});
	}

	@Test
	void unknownChannelInTheCatalogueIsReportedWithItsLine() throws IOException {
		write("actions.yaml", CATALOGUE.replace("[web, email]", "[web, fax]"));
		write("journey.drl", VALID_RULE);
		List<RuleDiagnostic> diagnostics = failures();
		assertThat(diagnostics).anySatisfy((d) -> {
			assertThat(d.file()).isEqualTo("actions.yaml");
			assertThat(d.line()).isEqualTo(5);
			assertThat(d.message()).contains("unknown channel 'fax'");
		});
	}

	private void write(String name, String content) {
		RuleDirectory.empty(this.rules).write(name, content);
	}

	private RuleSet load() {
		return RuleSetLoader.load(this.rules, Clock.fixed(SampleRules.NOW, ZoneOffset.UTC));
	}

	private List<RuleDiagnostic> failures() {
		RuleSetException failure = catchThrowableOfType(RuleSetException.class, this::load);
		assertThat(failure).as("the rule set should not load").isNotNull();
		return failure.getDiagnostics();
	}

}
