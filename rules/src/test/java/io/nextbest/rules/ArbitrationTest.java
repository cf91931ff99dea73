package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.ChannelDecision.Reason;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.policy.ConsentPolicy;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertNone;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the rules work together: one coherent answer per channel for a customer in several
 * journeys, and consent enforced whatever the rules propose.
 */
class ArbitrationTest {

	private static final Channel[] EVERY_CHANNEL = Channel.values();

	@Test
	void customerInTwoJourneysGetsOneStoryOnEveryChannel() {
		// Onboarding on mobile (68) outranks evaluating broadband (trial offer, 48).
		Decision decision = decide(onboardingOnMobileWhileEvaluatingBroadband(), Channel.WEB, Channel.APP,
				Channel.EMAIL, Channel.PUSH);
		assertThat(decision.channels()).hasSize(4);
		for (ChannelDecision outcome : decision.channels()) {
			assertAction(outcome, "onboarding-guide", "Onboarding gets the welcome guide");
			assertThat(outcome.action().journey()).as("journey on %s", outcome.channel()).isEqualTo("mobile");
		}
	}

	@Test
	void acquisitionContentShowsWhereTheCustomerContentCannot() {
		// The onboarding guide is not in the catalogue for the contact centre: the demo
		// invitation for the other journey is the best there.
		Decision decision = decide(onboardingOnMobileWhileQualifiedForBroadband(), Channel.EMAIL,
				Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.EMAIL), "onboarding-guide", "Onboarding gets the welcome guide");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "demo-invitation",
				"Qualified lead gets a demo invitation");
	}

	@Test
	void twoJourneysAtTheSameStageTellTheSameStoryOnEveryChannel() {
		Decision decision = decide(adoptingBroadbandAndMobile(), Channel.WEB, Channel.APP, Channel.EMAIL, Channel.PUSH);
		String journey = decision.channel(Channel.WEB).action().journey();
		for (ChannelDecision outcome : decision.channels()) {
			assertAction(outcome, "adoption-tips", "Adoption gets usage tips");
			assertThat(outcome.action().journey()).as("journey on %s", outcome.channel()).isEqualTo(journey);
		}
	}

	@Test
	void unknownCustomerGetsTheConsentAskOnWebAndNoConsentElsewhere() {
		Decision decision = decide(CustomerContext.empty("visitor-1"), EVERY_CHANNEL);
		assertAction(decision.channel(Channel.WEB), "consent-ask",
				"Never asked for email consent gets the consent ask on web");
		// The contact centre's fallback is a service message: the advisor checks the
		// details.
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "check-contact-details", "policy:fallback");
		for (Channel channel : EVERY_CHANNEL) {
			if (channel != Channel.WEB && channel != Channel.CONTACT_CENTRE) {
				assertSuppressed(decision.channel(channel), ReasonCode.NO_CONSENT);
				assertThat(decision.channel(channel).reasons()).extracting(Reason::rule)
					.containsExactly(ConsentPolicy.NAME);
			}
		}
	}

	@Test
	void consentIsEnforcedEvenThoughRulesProposeMarketing() {
		Decision decision = decide(loyalCustomerWithWebConsentOnly(), Channel.WEB, Channel.EMAIL);
		assertAction(decision.channel(Channel.WEB), "renewal-offer",
				"Long-standing loyal customer gets the renewal offer");
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.NO_CONSENT);
		assertThat(decision.channel(Channel.EMAIL).reasons()).extracting(Reason::rule)
			.containsExactly(ConsentPolicy.NAME);
	}

	@Test
	void revokedMarketingConsentIsEnforced() {
		Decision decision = decide(loyalCustomerWhoRevokedEmailConsent(), Channel.EMAIL);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.NO_CONSENT);
		assertThat(decision.channel(Channel.EMAIL).suppression().message()).contains("revoked");
	}

	@Test
	void serviceMessagesRespectARevokedServiceConsent() {
		Decision decision = decide(customerWithOpenCaseWhoRevokedServiceMessagesInTheApp(), Channel.WEB, Channel.APP);
		assertAction(decision.channel(Channel.WEB), "case-update", "Open case gets a case update");
		assertThat(decision.channel(Channel.APP).isAction()).isFalse();
	}

	@Test
	void customerWithNothingToSayAndFullConsentGetsNothing() {
		Decision decision = decide(customerInTwoLoyaltyJourneysWithEmailConsent(), Channel.EMAIL);
		assertNone(decision.channel(Channel.EMAIL));
	}

	private static CustomerContext onboardingOnMobileWhileEvaluatingBroadband() {
		return customer().inStage("broadband", Stage.EVALUATION, 10)
			.inStage("mobile", Stage.ONBOARDING, 4)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.PUSH)
			.context();
	}

	private static CustomerContext onboardingOnMobileWhileQualifiedForBroadband() {
		return customer().inStage("broadband", Stage.MARKETING_QUALIFIED, 10)
			.inStage("mobile", Stage.ONBOARDING, 4)
			.grantsMarketing(Channel.EMAIL, Channel.CONTACT_CENTRE)
			.context();
	}

	private static CustomerContext adoptingBroadbandAndMobile() {
		return customer().inStage("broadband", Stage.ADOPTION, 40)
			.inStage("mobile", Stage.ADOPTION, 12)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.PUSH)
			.context();
	}

	private static CustomerContext loyalCustomerWithWebConsentOnly() {
		return customer().inStage("broadband", Stage.LOYALTY, 320).grantsMarketing(Channel.WEB).context();
	}

	private static CustomerContext loyalCustomerWhoRevokedEmailConsent() {
		return customer().inStage("broadband", Stage.LOYALTY, 320)
			.consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.REVOKED)
			.context();
	}

	private static CustomerContext customerWithOpenCaseWhoRevokedServiceMessagesInTheApp() {
		return customer().inStage("broadband", Stage.ADOPTION, 30)
			.consent(Channel.APP, Purpose.SERVICE, ConsentStatus.REVOKED)
			.opensCase("case-1", "broadband", Severity.MEDIUM, 1)
			.context();
	}

	private static CustomerContext customerInTwoLoyaltyJourneysWithEmailConsent() {
		return customer().inStage("broadband", Stage.LOYALTY, 40)
			.inStage("mobile", Stage.LOYALTY, 100)
			.grantsMarketing(Channel.EMAIL)
			.context();
	}

}
