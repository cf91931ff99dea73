package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;

/** The rules of {@code consent.drl}: asking for consent. */
class ConsentRulesTest {

	@Test
	void neverAskedForEmailConsentGetsTheConsentAskOnWeb() {
		Decision decision = decide(prospectNeverAskedForConsent(), Channel.WEB, Channel.EMAIL);
		assertAction(decision.channel(Channel.WEB), "consent-ask",
				"Never asked for email consent gets the consent ask on web");
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.NO_CONSENT);
	}

	@Test
	void customerWhoDeniedEmailConsentIsNotAskedAgain() {
		Decision decision = decide(prospectWhoDeniedEmailConsent(), Channel.WEB);
		assertSuppressed(decision.channel(Channel.WEB), ReasonCode.NO_CONSENT);
	}

	@Test
	void consentAskGivesWayToJourneyContent() {
		Decision decision = decide(prospectWithWebConsentOnly(), Channel.WEB);
		assertAction(decision.channel(Channel.WEB), "product-intro", "Awareness gets the product introduction");
	}

	private static CustomerContext prospectNeverAskedForConsent() {
		return customer().inStage("broadband", Stage.AWARENESS, 2).context();
	}

	private static CustomerContext prospectWhoDeniedEmailConsent() {
		return customer().inStage("broadband", Stage.AWARENESS, 2)
			.consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.DENIED)
			.context();
	}

	private static CustomerContext prospectWithWebConsentOnly() {
		return customer().inStage("broadband", Stage.AWARENESS, 2).grantsMarketing(Channel.WEB).context();
	}

}
