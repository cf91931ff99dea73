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
 * Repetition of one action: 30 days after a reject, 7 after a dismiss, 10 after an
 * accept, 3 impressions without a response, and never again for an accepted one-time
 * offer.
 */
class RepetitionTest {

	private final Repetition repetition = RULES.contactPolicy().repetition();

	@Test
	void rejectOnOneChannelCoolsTheActionDownEverywhereUntilTheCoolDownEnds() {
		Refusal refusal = check("other-promo",
				customer("c").had("other-promo", Channel.EMAIL, Outcome.REJECT, Duration.ofDays(29)).context());

		assertThat(refusal.code()).isEqualTo(ReasonCode.COOL_DOWN);
		assertThat(refusal.message()).contains("rejected 'other-promo' on email 29 days ago");
		assertThat(refusal.allowedAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
		assertThat(check("other-promo",
				customer("c").had("other-promo", Channel.EMAIL, Outcome.REJECT, Duration.ofDays(30)).context()))
			.isNull();
	}

	@Test
	void dismissCoolsDownForAWeek() {
		assertThat(check("tip", customer("c").had("tip", Channel.WEB, Outcome.DISMISS, Duration.ofDays(6)).context())
			.code()).isEqualTo(ReasonCode.COOL_DOWN);
		assertThat(check("tip", customer("c").had("tip", Channel.WEB, Outcome.DISMISS, Duration.ofDays(8)).context()))
			.isNull();
	}

	@Test
	void acceptedOneTimeOfferIsNeverOfferedAgain() {
		Refusal refusal = check("promo",
				customer("c").had("promo", Channel.APP, Outcome.ACCEPT, Duration.ofDays(80)).context());

		assertThat(refusal.code()).isEqualTo(ReasonCode.ALREADY_ACCEPTED);
		assertThat(refusal.allowedAt()).isNull();
	}

	@Test
	void acceptedOfferThatIsNotOneTimeReturnsAfterItsCoolDown() {
		assertThat(check("other-promo",
				customer("c").had("other-promo", Channel.WEB, Outcome.ACCEPT, Duration.ofDays(9)).context())
			.code()).isEqualTo(ReasonCode.COOL_DOWN);
		assertThat(check("other-promo",
				customer("c").had("other-promo", Channel.WEB, Outcome.ACCEPT, Duration.ofDays(11)).context()))
			.isNull();
	}

	@Test
	void threeImpressionsWithoutAResponseStopTheAction() {
		CustomerContext ignored = customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(3))
			.had("tip", Channel.EMAIL, Outcome.SENT, Duration.ofDays(2))
			.had("tip", Channel.EMAIL, Outcome.DELIVERED, Duration.ofDays(2))
			.had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(1))
			.context();

		assertThat(check("tip", ignored).code()).isEqualTo(ReasonCode.IMPRESSION_LIMIT);
	}

	@Test
	void aClickResetsTheImpressionCount() {
		CustomerContext clicked = customer("c").had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(3))
			.had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(2))
			.had("tip", Channel.WEB, Outcome.CLICK, Duration.ofDays(2).minusHours(1))
			.had("tip", Channel.WEB, Outcome.IMPRESSION, Duration.ofDays(1))
			.context();

		assertThat(check("tip", clicked)).isNull();
	}

	private Refusal check(String actionId, CustomerContext customer) {
		return this.repetition.check(RULES.catalogue().get(actionId),
				ContactHistory.of(customer, RULES.catalogue(), NOW), NOW);
	}

}
