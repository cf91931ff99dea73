package io.nextbest.engine.policy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;

import static io.nextbest.engine.policy.TestCustomers.NOW;
import static io.nextbest.engine.policy.TestCustomers.RULES;
import static io.nextbest.engine.policy.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The propensity blends the customer's own responses with the population's response rate
 * (a Beta prior worth {@code weight} impressions), and falls back to the configured prior
 * while the population has too few impressions of the action.
 */
class PopulationPropensityTest {

	/**
	 * Prior 0.1 weighing as 10 impressions; the population's rate from 100 impressions.
	 */
	private final Arbitration arbitration = new Arbitration(0.1, 10, 100, Map.of(), Map.of(), Map.of());

	@Test
	void aCustomerNeverShownTheActionGetsThePopulationsRateOnTheChannel() {
		PopulationRates.Counts tip = population().add("tip", Channel.WEB, 400, 100)
			.add("tip", Channel.EMAIL, 200, 2)
			.build()
			.counts("tip");

		Propensity web = this.arbitration.propensity(null, tip, Channel.WEB);
		Propensity email = this.arbitration.propensity(null, tip, Channel.EMAIL);

		assertThat(web.value()).isEqualTo(0.25);
		assertThat(web.source()).isEqualTo(Propensity.Source.POPULATION_ON_CHANNEL);
		assertThat(web.populationExposures()).isEqualTo(400);
		assertThat(email.value()).isEqualTo(0.01);
		assertThat(email.basis()).contains("population's response rate on email, 0.01000 (200 impressions and sends)")
			.contains("no history");
	}

	@Test
	void aChannelWithTooFewImpressionsUsesTheRateOnEveryChannel() {
		PopulationRates.Counts tip = population().add("tip", Channel.WEB, 150, 30)
			.add("tip", Channel.APP, 50, 20)
			.build()
			.counts("tip");

		Propensity app = this.arbitration.propensity(null, tip, Channel.APP);

		assertThat(app.source()).isEqualTo(Propensity.Source.POPULATION);
		assertThat(app.value()).isEqualTo(50.0 / 200);
	}

	@Test
	void thePriorServesUntilThePopulationHasEnoughImpressionsOfTheAction() {
		PopulationRates.Counts few = population().add("tip", Channel.WEB, 60, 30)
			.add("tip", Channel.EMAIL, 39, 30)
			.build()
			.counts("tip");
		PopulationRates.Counts enough = population().add("tip", Channel.WEB, 61, 30)
			.add("tip", Channel.EMAIL, 39, 30)
			.build()
			.counts("tip");

		Propensity before = this.arbitration.propensity(null, few, Channel.WEB);
		Propensity after = this.arbitration.propensity(null, enough, Channel.WEB);

		assertThat(before.value()).isEqualTo(0.1);
		assertThat(before.source()).isEqualTo(Propensity.Source.PRIOR);
		assertThat(before.basis()).contains("configured prior 0.1000").contains("99 impressions and sends are too few");
		assertThat(after.value()).isEqualTo(60.0 / 100);
		assertThat(after.source()).isEqualTo(Propensity.Source.POPULATION);
		assertThat(this.arbitration.propensity(null, null, Channel.WEB).source()).isEqualTo(Propensity.Source.PRIOR);
	}

	@Test
	void theCustomersOwnResponsesAreSmoothedTowardsThePopulationsRate() {
		ActionHistory ignoredTwice = history(
				customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(2))
					.had("tip", Channel.EMAIL, Outcome.SENT, Duration.ofDays(1)));
		ActionHistory clicked = history(customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(2))
			.had("tip", Channel.WEB, Outcome.CLICK, Duration.ofDays(2)));
		PopulationRates.Counts tip = population().add("tip", Channel.WEB, 1000, 300).build().counts("tip");

		Propensity ignored = this.arbitration.propensity(ignoredTwice, tip, Channel.WEB);
		Propensity responded = this.arbitration.propensity(clicked, tip, Channel.WEB);

		// (clicks and accepts + rate x weight) / (impressions and sends + weight)
		assertThat(ignored.value()).isCloseTo((0 + 0.3 * 10) / (2 + 10), within(1e-12));
		assertThat(responded.value()).isCloseTo((1 + 0.3 * 10) / (1 + 10), within(1e-12));
		assertThat(responded.basis()).isEqualTo("The customer's 1 clicks and accepts in 1 impressions and sends, "
				+ "smoothed towards the population's response rate on web, 0.3000 (1,000 impressions and sends).");
	}

	@Test
	void clicksReportedWithoutTheirImpressionsNeverMakeARateAboveOne() {
		PopulationRates.Counts tip = population().add("tip", Channel.WEB, 100, 250).build().counts("tip");

		assertThat(this.arbitration.propensity(null, tip, Channel.WEB).value()).isEqualTo(1.0);
	}

	@Test
	void theMinimumComesFromTheContactPolicyFile() {
		assertThat(RULES.contactPolicy().arbitration().minPopulationExposures()).isEqualTo(200);
		assertThat(Arbitration.DEFAULT.minPopulationExposures()).isEqualTo(500);
	}

	@Test
	void aSnapshotWithoutCountsIsEmpty() {
		assertThat(population().build()).isSameAs(PopulationRates.NONE);
		assertThat(PopulationRates.NONE.counts("tip")).isNull();
	}

	private static PopulationRates.Builder population() {
		return PopulationRates.builder();
	}

	private static ActionHistory history(TestCustomers customer) {
		return ContactHistory.of(customer.context(), RULES.catalogue(), NOW).action("tip");
	}

}
