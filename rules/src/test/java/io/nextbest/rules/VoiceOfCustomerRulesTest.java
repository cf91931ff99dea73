package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision.Reason;
import io.nextbest.engine.decision.Decision;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertNone;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@code voice-of-customer.drl}: acting on NPS answers. */
class VoiceOfCustomerRulesTest {

	@Test
	void recentDetractorGetsNoPromotionalEmail() {
		Decision decision = decide(adoptionCustomerWhoScoredFourLastMonth(), Channel.EMAIL, Channel.WEB);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.DETRACTOR);
		// Only email is suppressed: the website still shows the adoption tips.
		assertAction(decision.channel(Channel.WEB), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void detractorScoreOlderThanNinetyDaysNoLongerSuppressesEmail() {
		Decision decision = decide(adoptionCustomerWhoScoredFourFourMonthsAgo(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void detractorWithOpenCaseIsSuppressedForBothReasons() {
		Decision decision = decide(detractorWithOpenCase(), Channel.EMAIL);
		assertThat(decision.channel(Channel.EMAIL).isSuppression()).isTrue();
		assertThat(decision.channel(Channel.EMAIL).reasons()).extracting(Reason::code)
			.containsExactlyInAnyOrder(ReasonCode.OPEN_SERVICE_CASE, ReasonCode.DETRACTOR);
	}

	@Test
	void recentDetractorGetsARecoveryCall() {
		Decision decision = decide(adoptionCustomerWhoScoredFourLastMonth(), Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "service-recovery",
				"Recent detractor gets a recovery call");
	}

	@Test
	void promoterInAdvocacyGetsTheReferralAsk() {
		Decision decision = decide(promoterInAdvocacy(), Channel.EMAIL, Channel.WEB);
		assertAction(decision.channel(Channel.EMAIL), "referral-ask", "Promoter in advocacy gets the referral ask");
		assertAction(decision.channel(Channel.WEB), "referral-ask", "Promoter in advocacy gets the referral ask");
	}

	@Test
	void passiveInAdvocacyIsNotAskedForReferrals() {
		Decision decision = decide(passiveInAdvocacy(), Channel.EMAIL);
		assertNone(decision.channel(Channel.EMAIL));
	}

	private static CustomerContext adoptionCustomerWhoScoredFourLastMonth() {
		return customer().inStage("broadband", Stage.ADOPTION, 60)
			.grantsMarketing(Channel.WEB, Channel.EMAIL, Channel.CONTACT_CENTRE)
			.answersNps(4, 30)
			.context();
	}

	private static CustomerContext adoptionCustomerWhoScoredFourFourMonthsAgo() {
		return customer().inStage("broadband", Stage.ADOPTION, 200)
			.grantsMarketing(Channel.EMAIL)
			.answersNps(4, 120)
			.context();
	}

	private static CustomerContext detractorWithOpenCase() {
		return customer().inStage("broadband", Stage.ADOPTION, 60)
			.grantsMarketing(Channel.EMAIL)
			.answersNps(2, 5)
			.opensCase("case-1", "broadband", Severity.CRITICAL, 6)
			.context();
	}

	private static CustomerContext promoterInAdvocacy() {
		return customer().inStage("broadband", Stage.ADVOCACY, 30)
			.grantsMarketing(Channel.WEB, Channel.EMAIL)
			.answersNps(10, 14)
			.context();
	}

	private static CustomerContext passiveInAdvocacy() {
		return customer().inStage("broadband", Stage.ADVOCACY, 30)
			.grantsMarketing(Channel.EMAIL)
			.answersNps(8, 14)
			.context();
	}

}
