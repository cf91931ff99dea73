package io.nextbest.engine.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading scenario files: every problem of a file at once, each at its line and column.
 */
class ScenarioParserTest {

	private static final Instant NOW = Instant.parse("2025-03-03T08:30:00Z");

	@Test
	void aValidScenarioIsReadWithItsLineAndDecidedAtNoon() {
		List<RuleDiagnostic> problems = new ArrayList<>();

		List<Scenario> scenarios = ScenarioParser.parse("scenarios/offers.yaml", """
				scenarios:
				  - name: A new customer is welcomed
				    customer:
				      journeys:
				        - { journey: broadband, stage: awareness, days-in-stage: 1 }
				    expect:
				      email: welcome
				""", NOW, problems);

		assertThat(problems).isEmpty();
		assertThat(scenarios).singleElement().satisfies((s) -> {
			assertThat(s.name()).isEqualTo("A new customer is welcomed");
			assertThat(s.file()).isEqualTo("scenarios/offers.yaml");
			assertThat(s.line()).isEqualTo(2);
			assertThat(s.request().channels()).containsExactly(Channel.EMAIL);
			assertThat(s.at()).isEqualTo(Instant.parse("2025-03-03T12:00:00Z"));
		});
	}

	@Test
	void everyProblemOfAFileIsReportedAtItsLineAndColumn() {
		List<RuleDiagnostic> problems = new ArrayList<>();

		List<Scenario> scenarios = ScenarioParser.parse("scenarios/offers.yaml", """
				scenarios:
				  - name: Bad
				    customer:
				      journeys:
				        - { journey: broadband, stage: dreaming, days-in-stage: -2 }
				      surveys:
				        - { type: nps, score: 11 }
				    request: { channels: [email], colour: blue }
				    expect:
				      fax: welcome
				      email: suppressed grumpy
				  - just a line
				  - name: Good
				    expect: { web: welcome }
				""", NOW, problems);

		assertThat(problems).extracting(RuleDiagnostic::toString)
			.containsExactly(
					"scenarios/offers.yaml:5:40: scenario 'Bad': 'stage' must be one of " + names(Stage.class)
							+ ", got 'dreaming'",
					"scenarios/offers.yaml:5:65: scenario 'Bad': 'days-in-stage' cannot be negative",
					"scenarios/offers.yaml:7:31: scenario 'Bad': a nps score is from 0 to 10, got 11",
					"scenarios/offers.yaml:10:7: scenario 'Bad': unknown channel 'fax' (expected one of "
							+ names(Channel.class) + ")",
					"scenarios/offers.yaml:11:14: scenario 'Bad': unknown reason 'grumpy' (expected one of "
							+ names(ReasonCode.class) + ")",
					"scenarios/offers.yaml:8:35: scenario 'Bad': request: unknown field 'colour' (expected attributes, "
							+ "channels, device, locale, page, placement)",
					"scenarios/offers.yaml:12:5: expected a scenario with a name, a customer, a request and what to expect");
		assertThat(scenarios).extracting(Scenario::name).containsExactly("Good");
	}

	@Test
	void aFileThatIsNotYamlIsReportedWhereItStopsBeingYaml() {
		List<RuleDiagnostic> problems = new ArrayList<>();

		List<Scenario> scenarios = ScenarioParser.parse("scenarios/offers.yaml", """
				scenarios:
				  - name: Unclosed
				    expect: { web: welcome
				""", NOW, problems);

		assertThat(scenarios).isEmpty();
		assertThat(problems).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("scenarios/offers.yaml");
			assertThat(d.line()).isEqualTo(4);
			assertThat(d.column()).isEqualTo(1);
		});
	}

	private static String names(Class<? extends Enum<?>> type) {
		return Arrays.stream(type.getEnumConstants()).map(ScenarioParser::name).collect(Collectors.joining(", "));
	}

}
