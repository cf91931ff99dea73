package io.nextbest.engine.policy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;

import static io.nextbest.engine.policy.TestCustomers.NOW;
import static io.nextbest.engine.policy.TestCustomers.RULES;
import static io.nextbest.engine.policy.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frequency caps: 1 email a day, 2 a week, 3 marketing contacts a week across channels.
 */
class FrequencyCapsTest {

	private final FrequencyCaps caps = RULES.contactPolicy().caps();

	@Test
	void oneMarketingEmailInTheLastDayReachesTheDailyEmailCap() {
		Refusal refusal = check(Channel.EMAIL,
				customer("c").had("promo", Channel.EMAIL, Outcome.SENT, Duration.ofHours(23)).context());

		assertThat(refusal.code()).isEqualTo(ReasonCode.FREQUENCY_CAP);
		assertThat(refusal.policy()).isEqualTo(FrequencyCaps.NAME);
		assertThat(refusal.message())
			.isEqualTo("1 marketing contacts on email in the last 24 hours: the limit is 1 a day.");
	}

	@Test
	void anEmailOfYesterdayCountsForTheWeekOnly() {
		CustomerContext customer = customer("c").had("promo", Channel.EMAIL, Outcome.SENT, Duration.ofHours(25))
			.context();

		assertThat(check(Channel.EMAIL, customer)).isNull();
	}

	@Test
	void twoMarketingEmailsThisWeekReachTheWeeklyEmailCap() {
		Refusal refusal = check(Channel.EMAIL,
				customer("c").had("promo", Channel.EMAIL, Outcome.SENT, Duration.ofDays(6))
					.had("other-promo", Channel.EMAIL, Outcome.SENT, Duration.ofDays(2))
					.context());

		assertThat(refusal.message()).contains("the limit is 2 a week");
	}

	@Test
	void deliveriesAndServiceMessagesAreNotCounted() {
		CustomerContext customer = customer("c").had("promo", Channel.EMAIL, Outcome.DELIVERED, Duration.ofHours(2))
			.had("tip", Channel.EMAIL, Outcome.SENT, Duration.ofHours(3))
			.had("tip", Channel.EMAIL, Outcome.SENT, Duration.ofHours(4))
			.context();

		assertThat(check(Channel.EMAIL, customer)).isNull();
	}

	@Test
	void actionsTheCatalogueNoLongerListsCountAsMarketing() {
		Refusal refusal = check(Channel.EMAIL,
				customer("c").had("retired-campaign", Channel.EMAIL, Outcome.SENT, Duration.ofHours(2)).context());

		assertThat(refusal.code()).isEqualTo(ReasonCode.FREQUENCY_CAP);
		assertThat(refusal.message())
			.isEqualTo("1 marketing contacts on email in the last 24 hours: the limit is 1 a day.");
	}

	@Test
	void contactsOnEveryChannelCountTowardsTheCrossChannelCap() {
		CustomerContext customer = customer("c").had("promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(5))
			.had("promo", Channel.PUSH, Outcome.SENT, Duration.ofDays(4))
			.had("other-promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(3))
			.context();

		Refusal refusal = check(Channel.SMS, customer);

		assertThat(refusal.message())
			.isEqualTo("3 marketing contacts across channels in the last 7 days: the limit is 3 a week.");
		assertThat(check(Channel.SMS,
				customer("d").had("promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(8))
					.had("promo", Channel.PUSH, Outcome.SENT, Duration.ofDays(4))
					.had("other-promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(3))
					.context()))
			.isNull();
	}

	private Refusal check(Channel channel, CustomerContext customer) {
		return this.caps.check(channel, ContactHistory.of(customer, RULES.catalogue(), NOW));
	}

}
