package io.nextbest.engine.ruleset;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.policy.ContactPolicy;

import static io.nextbest.engine.policy.TestCustomers.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/** Reading {@code contact-policy.yaml}: every problem with its line. */
class ContactPolicyLoaderTest {

	@Test
	void emptyFileMeansNoLimits() {
		List<RuleDiagnostic> problems = new ArrayList<>();

		assertThat(ContactPolicyLoader.parse("", RULES.catalogue(), problems)).isEqualTo(ContactPolicy.NONE);
		assertThat(problems).isEmpty();
	}

	@Test
	void everyProblemIsReportedWithItsLine() {
		String yaml = """
				frequency-caps:
				  fax: { per-day: 1 }
				  email: { per-day: -1, per-weak: 2 }
				repetition:
				  cool-down-days-after-reject: thirty
				quiet-hours:
				  channels: [email]
				  from: "9pm"
				  until: "08:00"
				  default-time-zone: Europe/Atlantis
				arbitration:
				  propensity: { prior: 2, min-population-impressions: 0 }
				  levers: { nothing: 2 }
				  fallback:
				    email: help
				    placements: { hero: missing }
				""";
		List<RuleDiagnostic> problems = new ArrayList<>();

		ContactPolicyLoader.parse(yaml, RULES.catalogue(), problems);

		assertThat(problems).extracting(RuleDiagnostic::toString)
			.containsExactly(
					"contact-policy.yaml:2:3: frequency-caps: unknown field 'fax' (expected all-channels, web, "
							+ "app, email, sms, push, contact-centre)",
					"contact-policy.yaml:3:25: frequency-caps.email: unknown field 'per-weak' (expected per-day, per-week)",
					"contact-policy.yaml:3:21: frequency-caps.email: 'per-day' must be a whole number, 0 or more, got '-1'",
					"contact-policy.yaml:5:32: repetition: 'cool-down-days-after-reject' must be a whole number, 0 or more, "
							+ "got 'thirty'",
					"contact-policy.yaml:8:9: quiet-hours: 'from' must be a time of day such as \"21:00\", got '9pm'",
					"contact-policy.yaml:10:22: quiet-hours: 'default-time-zone' must be a time zone id such as "
							+ "Europe/London, got 'Europe/Atlantis'",
					"contact-policy.yaml:12:24: arbitration.propensity: 'prior' must be a number from 0 to 1, got '2'",
					"contact-policy.yaml:12:55: arbitration.propensity: 'min-population-impressions' must be a number "
							+ "from 1 to 1000000000000, got '0'",
					"contact-policy.yaml:13:13: arbitration.levers: 'nothing' is neither an action of actions.yaml nor a "
							+ "group of one",
					"contact-policy.yaml:15:12: arbitration.fallback: action 'help' may not appear on email (its "
							+ "channels in actions.yaml are contact-centre, web)",
					"contact-policy.yaml:16:25: arbitration.fallback: unknown action 'missing': it is not in actions.yaml");
	}

}
