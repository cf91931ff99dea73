package io.nextbest.engine.model;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue's optional fields: value, one-time and group for the contact policy,
 * capacity for what-if runs.
 */
class ActionCatalogueTest {

	@Test
	void optionalFieldsDefaultToValueOneNotOneTimeNoGroup() {
		List<RuleDiagnostic> problems = new ArrayList<>();
		ActionCatalogue catalogue = ActionCatalogue.parse("""
				actions:
				  - { id: plain, kind: message, purpose: service, channels: [web], content: c/plain }
				  - { id: trial, kind: offer, purpose: marketing, channels: [web], content: c/trial,
				      value: 2.5, one-time: true, group: acquisition, capacity: 5_000 }
				""", problems);

		assertThat(problems).isEmpty();
		ActionDefinition plain = catalogue.get("plain");
		assertThat(plain.value()).isEqualTo(1.0);
		assertThat(plain.oneTime()).isFalse();
		assertThat(plain.group()).isEmpty();
		assertThat(plain.hasCapacity()).isFalse();
		ActionDefinition trial = catalogue.get("trial");
		assertThat(trial.value()).isEqualTo(2.5);
		assertThat(trial.oneTime()).isTrue();
		assertThat(trial.group()).isEqualTo("acquisition");
		assertThat(trial.capacity()).isEqualTo(5_000);
		assertThat(plain.recovery()).isFalse();
		assertThat(trial.recovery()).isFalse();
	}

	@Test
	void recoveryFlagMarksTheActionsThatAnswerADetractor() {
		List<RuleDiagnostic> problems = new ArrayList<>();
		ActionCatalogue catalogue = ActionCatalogue.parse("""
				actions:
				  - { id: call-back, kind: message, purpose: service, channels: [contact-centre], content: c/cb,
				      recovery: true }
				  - id: apology
				    kind: message
				    purpose: service
				    channels: [email]
				    content: c/apology
				    recovery: maybe
				""", problems);

		assertThat(catalogue.get("call-back").recovery()).isTrue();
		assertThat(catalogue.get("apology")).isNull();
		assertThat(problems).extracting(RuleDiagnostic::toString)
			.containsExactly("actions.yaml:9:15: action 'apology': 'recovery' must be true or false, got 'maybe'");
	}

	@Test
	void badValuesAreReportedWithTheirLine() {
		List<RuleDiagnostic> problems = new ArrayList<>();
		ActionCatalogue.parse("""
				actions:
				  - id: trial
				    kind: offer
				    purpose: marketing
				    channels: [web]
				    content: c/trial
				    value: 0
				    one-time: yes please
				    capacity: -3
				""", problems);

		assertThat(problems).extracting(RuleDiagnostic::toString)
			.containsExactly("actions.yaml:7:12: action 'trial': 'value' must be a number above 0, got '0'",
					"actions.yaml:8:15: action 'trial': 'one-time' must be true or false, got 'yes please'",
					"actions.yaml:9:15: action 'trial': 'capacity' must be a whole number of customers a day above 0, "
							+ "got '-3'");
	}

}
