package io.nextbest.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.ChannelDecision.Status;
import io.nextbest.engine.decision.Decision;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;
import static io.nextbest.rules.SampleRules.explain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact policy: the rule of {@code contact-policy.drl}, and sample scenarios for
 * each limit of {@code contact-policy.yaml} (decisions are made on a Monday at 10:00
 * UTC).
 */
class ContactPolicyRulesTest {

	@Test
	void twoRejectionsInAMonthPauseMarketing() {
		Decision decision = decide(customerWhoRejectedTwoOffersThisMonth(), Channel.EMAIL, Channel.WEB);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.POLICY);
		assertThat(decision.channel(Channel.WEB).reasons()).first()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("Two rejections in a month pause marketing"));
	}

	@Test
	void threeMarketingEmailsAWeekIsTheEmailCap() {
		Decision decision = decide(adoptionCustomerSentThreeEmailsThisWeek(), Channel.EMAIL, Channel.WEB);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.FREQUENCY_CAP);
		assertThat(decision.channel(Channel.EMAIL).suppression().message()).contains("3 a week");
		assertAction(decision.channel(Channel.WEB), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void twoEmailsThisWeekAreBelowTheCap() {
		Decision decision = decide(adoptionCustomerSentTwoEmailsThisWeek(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void oneMarketingEmailADayIsTheEmailCap() {
		Decision decision = decide(adoptionCustomerSentAnEmailThisMorning(), Channel.EMAIL, Channel.PUSH);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.FREQUENCY_CAP);
		assertThat(decision.channel(Channel.EMAIL).suppression().message()).contains("1 a day");
		assertAction(decision.channel(Channel.PUSH), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void fiveMarketingContactsAWeekAcrossChannelsCapEveryChannel() {
		Decision decision = decide(adoptionCustomerContactedFiveTimesThisWeek(), Channel.WEB, Channel.APP);
		assertSuppressed(decision.channel(Channel.WEB), ReasonCode.FREQUENCY_CAP);
		assertSuppressed(decision.channel(Channel.APP), ReasonCode.FREQUENCY_CAP);
		assertThat(decision.channel(Channel.APP).suppression().message()).contains("across channels");
	}

	@Test
	void serviceEmailStillGoesOverTheCap() {
		Decision decision = decide(customerOverTheCapWhoseCaseWasJustResolved(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "case-follow-up", "Resolved case gets a follow-up email");
	}

	@Test
	void offerRejectedByEmailCoolsDownOnEveryChannel() {
		Decision decision = decide(loyalCustomerWhoRejectedTheCrossSellByEmail(), Channel.WEB, Channel.APP);
		assertSuppressed(decision.channel(Channel.WEB), ReasonCode.COOL_DOWN);
		assertThat(decision.channel(Channel.WEB).suppression().allowedAt())
			.isEqualTo(SampleRules.NOW.minus(Duration.ofDays(3)).plus(Duration.ofDays(30)));
		assertSuppressed(decision.channel(Channel.APP), ReasonCode.COOL_DOWN);
	}

	@Test
	void dismissedOfferReturnsAfterAWeek() {
		Decision decision = decide(loyalCustomerWhoDismissedTheCrossSellEightDaysAgo(), Channel.WEB);
		assertAction(decision.channel(Channel.WEB), "cross-sell-offer",
				"Single-product loyal customer gets a cross-sell offer");
	}

	@Test
	void acceptedOneTimeOfferIsNeverOfferedAgainOnAnyChannel() {
		Decision decision = decide(loyalCustomerWhoAcceptedTheCrossSellOnTheWeb(), Channel.EMAIL, Channel.APP);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.ALREADY_ACCEPTED);
		assertSuppressed(decision.channel(Channel.APP), ReasonCode.ALREADY_ACCEPTED);
	}

	@Test
	void fiveImpressionsWithoutAResponseAreTheLimit() {
		Decision decision = decide(loyalCustomerWhoIgnoredTheCrossSellFiveTimes(), Channel.WEB);
		assertSuppressed(decision.channel(Channel.WEB), ReasonCode.IMPRESSION_LIMIT);
	}

	@Test
	void quietHoursHoldOutboundChannelsUntilMorningInTheCustomersTimeZone() {
		// 10:00 UTC is 02:00 in Los Angeles: email waits until 08:00 there, the website
		// does not.
		Decision decision = decide(adoptionCustomerIn("America/Los_Angeles"), Channel.EMAIL, Channel.PUSH, Channel.WEB);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.QUIET_HOURS);
		assertThat(decision.channel(Channel.EMAIL).suppression().allowedAt())
			.isEqualTo(Instant.parse("2025-03-03T16:00:00Z"));
		assertSuppressed(decision.channel(Channel.PUSH), ReasonCode.QUIET_HOURS);
		assertAction(decision.channel(Channel.WEB), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void customerWithoutATimeZoneIsInTheDefaultOne() {
		// 10:00 UTC is 10:00 in London, the default: daytime.
		Decision decision = decide(adoptionCustomerIn("not a zone"), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void contactCentreFallsBackToCheckingContactDetails() {
		Decision decision = decide(customer().inStage("broadband", Stage.ADOPTION, 30).context(),
				Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "check-contact-details", "policy:fallback");
	}

	@Test
	void retentionLeverAndScoresAreExplained() {
		ChannelDecision email = explain(loyalCustomerForTheRenewal(), Channel.EMAIL).channel(Channel.EMAIL);
		assertThat(email.funnel()).extracting(ChannelDecision.Candidate::actionId, ChannelDecision.Candidate::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("renewal-offer", Status.SELECTED),
					org.assertj.core.groups.Tuple.tuple("cross-sell-offer", Status.OUTRANKED));
		ChannelDecision.Candidate renewal = email.funnel().get(0);
		assertThat(renewal.lever()).isEqualTo(1.05);
		assertThat(renewal.score()).isCloseTo(63 * 1.0 * 0.1 * 1.05, org.assertj.core.data.Offset.offset(1e-9));
	}

	private static CustomerContext customerWhoRejectedTwoOffersThisMonth() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.EMAIL)
			.had("value-story", Channel.WEB, Outcome.REJECT, 20)
			.had("cross-sell-offer", Channel.EMAIL, Outcome.REJECT, 4)
			.context();
	}

	private static CustomerContext adoptionCustomerSentThreeEmailsThisWeek() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.EMAIL)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 6)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 3)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 1)
			.context();
	}

	private static CustomerContext adoptionCustomerSentTwoEmailsThisWeek() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.EMAIL)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 10)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 3)
			.had("adoption-tips", Channel.EMAIL, Outcome.DELIVERED, 3)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 2)
			.context();
	}

	private static CustomerContext adoptionCustomerSentAnEmailThisMorning() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.EMAIL, Channel.PUSH)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, Duration.ofHours(2))
			.context();
	}

	private static CustomerContext adoptionCustomerContactedFiveTimesThisWeek() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.SMS)
			.had("value-story", Channel.EMAIL, Outcome.SENT, 6)
			.had("value-story", Channel.WEB, Outcome.IMPRESSION, 5)
			.had("product-intro", Channel.APP, Outcome.IMPRESSION, 4)
			.had("product-intro", Channel.EMAIL, Outcome.SENT, 3)
			.had("trial-offer", Channel.WEB, Outcome.IMPRESSION, 2)
			.context();
	}

	private static CustomerContext customerOverTheCapWhoseCaseWasJustResolved() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.EMAIL)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 5)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 3)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 2)
			.opensCase("case-1", "broadband", Severity.LOW, 4)
			.closesCase("case-1", 1)
			.context();
	}

	private static CustomerContext loyalCustomerWhoRejectedTheCrossSellByEmail() {
		return customer().inStage("broadband", Stage.LOYALTY, 40)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL)
			.had("cross-sell-offer", Channel.EMAIL, Outcome.SENT, 4)
			.had("cross-sell-offer", Channel.EMAIL, Outcome.REJECT, 3)
			.context();
	}

	private static CustomerContext loyalCustomerWhoDismissedTheCrossSellEightDaysAgo() {
		return customer().inStage("broadband", Stage.LOYALTY, 40)
			.grantsMarketing(Channel.WEB)
			.had("cross-sell-offer", Channel.WEB, Outcome.IMPRESSION, 8)
			.had("cross-sell-offer", Channel.WEB, Outcome.DISMISS, 8)
			.context();
	}

	private static CustomerContext loyalCustomerWhoAcceptedTheCrossSellOnTheWeb() {
		// Longer ago than the 30-day cool-down after an accept: only one-time holds it
		// back.
		return customer().inStage("broadband", Stage.LOYALTY, 80)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL)
			.had("cross-sell-offer", Channel.WEB, Outcome.ACCEPT, 45)
			.context();
	}

	private static CustomerContext loyalCustomerWhoIgnoredTheCrossSellFiveTimes() {
		Customers customer = customer().inStage("broadband", Stage.LOYALTY, 40)
			.grantsMarketing(Channel.WEB, Channel.EMAIL);
		for (int day = 30; day > 0; day -= 6) {
			customer.had("cross-sell-offer", Channel.WEB, Outcome.IMPRESSION, day);
		}
		return customer.context();
	}

	private static CustomerContext adoptionCustomerIn(String timeZone) {
		return customer().profile(Map.of("time_zone", timeZone))
			.inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.EMAIL, Channel.PUSH)
			.context();
	}

	private static CustomerContext loyalCustomerForTheRenewal() {
		return customer().inStage("broadband", Stage.LOYALTY, 320).grantsMarketing(Channel.EMAIL).context();
	}

}
