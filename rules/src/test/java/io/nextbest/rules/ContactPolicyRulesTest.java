package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.decision.Decision;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;

/** The rules of {@code contact-policy.drl}: not over-contacting. */
class ContactPolicyRulesTest {

	@Test
	void threeEmailsAWeekIsTheLimit() {
		Decision decision = decide(adoptionCustomerSentThreeEmailsThisWeek(), Channel.EMAIL, Channel.WEB);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.POLICY);
		assertAction(decision.channel(Channel.WEB), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void twoEmailsThisWeekAreBelowTheLimit() {
		Decision decision = decide(adoptionCustomerSentTwoEmailsThisWeek(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void serviceEmailStillGoesOverTheLimit() {
		Decision decision = decide(customerOverTheLimitWhoseCaseWasJustResolved(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "case-follow-up", "Resolved case gets a follow-up email");
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
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 1)
			.context();
	}

	private static CustomerContext customerOverTheLimitWhoseCaseWasJustResolved() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.EMAIL)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 5)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 3)
			.had("adoption-tips", Channel.EMAIL, Outcome.SENT, 2)
			.opensCase("case-1", "broadband", Severity.LOW, 4)
			.closesCase("case-1", 1)
			.context();
	}

}
