package io.nextbest.engine.policy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;

import static io.nextbest.engine.policy.TestCustomers.NOW;
import static io.nextbest.engine.policy.TestCustomers.RULES;
import static io.nextbest.engine.policy.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Levers by action and group, and the propensity estimate from contact history. */
class ArbitrationSettingsTest {

	private final Arbitration arbitration = RULES.contactPolicy().arbitration();

	@Test
	void anActionsOwnLeverWinsOverItsGroupsLever() {
		assertThat(this.arbitration.lever(RULES.catalogue().get("promo"))).isEqualTo(1.5);
		assertThat(this.arbitration.lever(RULES.catalogue().get("other-promo"))).isEqualTo(0.5);
		assertThat(this.arbitration.lever(RULES.catalogue().get("tip"))).isEqualTo(1.0);
	}

	@Test
	void customerNeverShownAnActionGetsThePriorWithoutPopulationCounts() {
		assertThat(this.arbitration.propensity(null, null, Channel.WEB).value()).isEqualTo(0.1);
	}

	@Test
	void ignoredImpressionsLowerThePropensityAndClicksRaiseIt() {
		ActionHistory ignored = history(customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(2))
			.had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(1)));
		ActionHistory clicked = history(customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(2))
			.had("tip", Channel.WEB, Outcome.CLICK, Duration.ofDays(2)));

		assertThat(this.arbitration.propensity(ignored, null, Channel.WEB).value()).isCloseTo(1.0 / 12, within(1e-12));
		assertThat(this.arbitration.propensity(clicked, null, Channel.WEB).value()).isCloseTo(2.0 / 11, within(1e-12));
	}

	private static ActionHistory history(TestCustomers customer) {
		return ContactHistory.of(customer.context(), RULES.catalogue(), NOW).action("tip");
	}

}
