package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
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
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@code service.drl}: open and recently resolved service cases. */
class ServiceRulesTest {

	@Test
	void openCaseSuppressesMarketing() {
		Decision decision = decide(adoptionCustomerWithOpenCase(), Channel.EMAIL, Channel.PUSH);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.OPEN_SERVICE_CASE);
		assertSuppressed(decision.channel(Channel.PUSH), ReasonCode.OPEN_SERVICE_CASE);
		assertThat(decision.channel(Channel.EMAIL).reasons()).first()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("Open case suppresses marketing"));
	}

	@Test
	void adoptionTipsReturnOnceTheCaseIsClosed() {
		Decision decision = decide(adoptionCustomerWhoseCaseWasClosedLongAgo(), Channel.EMAIL, Channel.WEB);
		assertAction(decision.channel(Channel.WEB), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void openCaseGetsACaseUpdate() {
		Decision decision = decide(adoptionCustomerWithOpenCase(), Channel.WEB, Channel.APP, Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.WEB), "case-update", "Open case gets a case update");
		assertAction(decision.channel(Channel.APP), "case-update", "Open case gets a case update");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "case-update", "Open case gets a case update");
		assertThat(decision.channel(Channel.WEB).action().journey()).isEqualTo("broadband");
	}

	@Test
	void resolvedCaseGetsAFollowUpEmail() {
		// A service email: it goes without marketing consent.
		Decision decision = decide(customerWhoseCaseWasResolvedTwoDaysAgo(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "case-follow-up", "Resolved case gets a follow-up email");
	}

	@Test
	void followUpIsSentOnlyOnce() {
		Decision decision = decide(customerWhoseCaseWasResolvedAndFollowedUp(), Channel.EMAIL);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.NO_CONSENT);
	}

	@Test
	void noFollowUpWhileAnotherCaseIsOpen() {
		Decision decision = decide(customerWithOneCaseResolvedAndAnotherOpen(), Channel.EMAIL);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.OPEN_SERVICE_CASE);
	}

	private static CustomerContext adoptionCustomerWithOpenCase() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.PUSH)
			.opensCase("case-1", "broadband", Severity.HIGH, 2)
			.context();
	}

	private static CustomerContext adoptionCustomerWhoseCaseWasClosedLongAgo() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.WEB, Channel.EMAIL)
			.opensCase("case-1", "broadband", Severity.LOW, 25)
			.closesCase("case-1", 20)
			.context();
	}

	private static CustomerContext customerWhoseCaseWasResolvedTwoDaysAgo() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.opensCase("case-1", "broadband", Severity.MEDIUM, 6)
			.closesCase("case-1", 2)
			.context();
	}

	private static CustomerContext customerWhoseCaseWasResolvedAndFollowedUp() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.opensCase("case-1", "broadband", Severity.MEDIUM, 6)
			.closesCase("case-1", 3)
			.had("case-follow-up", Channel.EMAIL, Outcome.SENT, 2)
			.context();
	}

	private static CustomerContext customerWithOneCaseResolvedAndAnotherOpen() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.grantsMarketing(Channel.EMAIL)
			.opensCase("case-1", "broadband", Severity.MEDIUM, 6)
			.closesCase("case-1", 2)
			.opensCase("case-2", "mobile", Severity.LOW, 1)
			.context();
	}

}
