package io.nextbest.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.model.JourneyMap.JourneyDefinition;
import io.nextbest.facts.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading {@code journeys.yaml}: the expectations, and every problem with its line. */
class JourneyMapTest {

	@Test
	void readsStagesAndSegments() {
		String yaml = """
				journeys:
				  broadband:
				    segments:
				      segment: [gold, silver]
				      region: [north]
				    stages:
				      onboarding: { expected-days: 21, late-after-days: 30, conversion-target: 0.8 }
				      adoption: { expected-days: 60, late-after-days: 90 }
				""";
		List<RuleDiagnostic> problems = new ArrayList<>();

		JourneyMap map = JourneyMap.parse(yaml, problems);

		assertThat(problems).isEmpty();
		JourneyDefinition broadband = map.get("broadband");
		assertThat(broadband.stage(Stage.ONBOARDING))
			.isEqualTo(new JourneyMap.StageExpectation(Stage.ONBOARDING, 21, 30, 0.8));
		assertThat(broadband.stage(Stage.ADOPTION).conversionTarget()).isNull();
		assertThat(broadband.stage(Stage.LOYALTY)).isNull();
		assertThat(map.get("mobile")).isNull();
	}

	@Test
	void valuesNotListedAreCountedAsOther() {
		JourneyDefinition broadband = JourneyMap.parse("""
				journeys:
				  broadband:
				    segments: { segment: [gold, silver], region: [north] }
				    stages: { onboarding: { expected-days: 21, late-after-days: 30 } }
				""", new ArrayList<>()).get("broadband");

		assertThat(broadband.segmentOf(Map.of("segment", "gold", "region", "north")::get)).isEqualTo("gold|north");
		assertThat(broadband.segmentOf(Map.of("segment", "platinum")::get)).isEqualTo("other|other");
	}

	@Test
	void everyProblemIsReportedWithItsLine() {
		String yaml = """
				journeys:
				  broadband:
				    segments:
				      segment: [gold, other]
				      region: north
				      a: [x]
				      b: [y]
				    stages:
				      onbording: { expected-days: 21, late-after-days: 30 }
				      adoption: { expected-days: 60, late-after-days: 30, conversion-target: 80% }
				      loyalty: { expected-days: soon, late-after-days: 30, colour: red }
				      advocacy: { late-after-days: 30 }
				  mobile: {}
				""";
		List<RuleDiagnostic> problems = new ArrayList<>();

		JourneyMap.parse(yaml, problems);

		assertThat(problems).extracting(RuleDiagnostic::toString)
			.containsExactly(
					"journeys.yaml:9:7: journey 'broadband': unknown stage 'onbording' (expected one of "
							+ "awareness, engaged, marketing-qualified, evaluation, purchase, onboarding, adoption, "
							+ "value-realization, loyalty, advocacy)",
					"journeys.yaml:10:55: journey 'broadband': stage adoption: 'late-after-days' (30) must be at least "
							+ "'expected-days' (60)",
					"journeys.yaml:10:78: journey 'broadband': stage adoption: 'conversion-target' must be a share "
							+ "from 0 to 1 (0.8 is 80%), got '80%'",
					"journeys.yaml:11:60: journey 'broadband': stage loyalty: unknown field 'colour' (expected "
							+ "expected-days, late-after-days, conversion-target)",
					"journeys.yaml:11:33: journey 'broadband': stage loyalty: 'expected-days' must be a whole number "
							+ "of days from 1 to 3650, got 'soon'",
					"journeys.yaml:12:17: journey 'broadband': stage advocacy: 'expected-days' is required",
					"journeys.yaml:7:7: journey 'broadband': at most 3 segment dimensions, got 4",
					"journeys.yaml:4:23: journey 'broadband': segment 'segment': 'other' cannot be a value (not empty, "
							+ "not 'other', no '|')",
					"journeys.yaml:5:15: journey 'broadband': segment 'region' must list the values counted apart, "
							+ "for example [gold, silver]",
					"journeys.yaml:13:11: journey 'mobile': 'stages' must map stages to their expected days, for "
							+ "example onboarding: { expected-days: 21, late-after-days: 30 }");
	}

}
