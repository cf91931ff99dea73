package io.nextbest.rules;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.assertNone;
import static io.nextbest.rules.SampleRules.assertSuppressed;
import static io.nextbest.rules.SampleRules.decide;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@code journey.drl}: content for each stage of the journey. */
class JourneyRulesTest {

	@Test
	void awarenessGetsTheProductIntroduction() {
		Decision decision = decide(prospectAt(Stage.AWARENESS), Channel.WEB, Channel.EMAIL);
		assertAction(decision.channel(Channel.WEB), "product-intro", "Awareness gets the product introduction");
		assertAction(decision.channel(Channel.EMAIL), "product-intro", "Awareness gets the product introduction");
		assertThat(decision.channel(Channel.WEB).action().journey()).isEqualTo("broadband");
	}

	@Test
	void engagedProspectGetsTheBuyingGuide() {
		Decision decision = decide(prospectAt(Stage.ENGAGED), Channel.WEB, Channel.EMAIL, Channel.APP);
		assertAction(decision.channel(Channel.EMAIL), "buying-guide", "Engaged prospect gets the buying guide");
		assertAction(decision.channel(Channel.WEB), "buying-guide", "Engaged prospect gets the buying guide");
		// The guide is a download: the catalogue does not offer it in the app.
		assertNone(decision.channel(Channel.APP));
	}

	@Test
	void qualifiedLeadGetsADemoInvitation() {
		Decision decision = decide(prospectAt(Stage.MARKETING_QUALIFIED), Channel.EMAIL, Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.EMAIL), "demo-invitation", "Qualified lead gets a demo invitation");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "demo-invitation",
				"Qualified lead gets a demo invitation");
	}

	@Test
	void evaluationGetsTheTrialOffer() {
		Decision decision = decide(prospectAt(Stage.EVALUATION), Channel.WEB, Channel.EMAIL);
		assertAction(decision.channel(Channel.WEB), "trial-offer", "Evaluation gets the trial offer");
		assertAction(decision.channel(Channel.EMAIL), "trial-offer", "Evaluation gets the trial offer");
	}

	@Test
	void purchaseGetsTheThankYou() {
		// A service message: it needs no marketing consent.
		Decision decision = decide(newBuyerWithoutMarketingConsent(), Channel.EMAIL, Channel.APP);
		assertAction(decision.channel(Channel.EMAIL), "purchase-welcome", "Purchase gets the thank-you");
		assertAction(decision.channel(Channel.APP), "purchase-welcome", "Purchase gets the thank-you");
	}

	@Test
	void onboardingGetsTheWelcomeGuide() {
		Decision decision = decide(onboardingCustomerWithEmailConsent(), Channel.EMAIL, Channel.PUSH);
		assertAction(decision.channel(Channel.EMAIL), "onboarding-guide", "Onboarding gets the welcome guide");
		assertAction(decision.channel(Channel.PUSH), "onboarding-guide", "Onboarding gets the welcome guide");
		assertThat(decision.channel(Channel.EMAIL).action().priority()).isEqualTo(68);
	}

	@Test
	void overdueOnboardingGetsTheHelpGuide() {
		// journeys.yaml: broadband onboarding is expected to take 21 days, late after 30.
		Decision decision = decide(customerAt(Stage.ONBOARDING, 45), Channel.EMAIL, Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.EMAIL), "onboarding-help", "Overdue onboarding gets the help guide");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "onboarding-help",
				"Overdue onboarding gets the help guide");
		assertThat(decision.channel(Channel.EMAIL).reasons().get(0).message())
			.isEqualTo("Onboarding broadband for 45 days where 21 are expected: send the help guide.");
	}

	@Test
	void onboardingWithinThePlanGetsTheWelcomeGuideNotTheHelpGuide() {
		Decision decision = decide(customerAt(Stage.ONBOARDING, 30), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "onboarding-guide", "Onboarding gets the welcome guide");
	}

	@Test
	void adoptionGetsUsageTips() {
		Decision decision = decide(customerAt(Stage.ADOPTION, 20), Channel.EMAIL, Channel.PUSH);
		assertAction(decision.channel(Channel.EMAIL), "adoption-tips", "Adoption gets usage tips");
		assertAction(decision.channel(Channel.PUSH), "adoption-tips", "Adoption gets usage tips");
	}

	@Test
	void valueRealizationGetsACustomerStory() {
		Decision decision = decide(customerAt(Stage.VALUE_REALIZATION, 60), Channel.WEB, Channel.EMAIL);
		assertAction(decision.channel(Channel.WEB), "value-story", "Value realization gets a customer story");
		assertAction(decision.channel(Channel.EMAIL), "value-story", "Value realization gets a customer story");
	}

	@Test
	void longStandingLoyalCustomerGetsTheRenewalOffer() {
		Decision decision = decide(customerAt(Stage.LOYALTY, 320), Channel.EMAIL, Channel.CONTACT_CENTRE);
		// The cross-sell offer is proposed too, but the renewal ranks higher.
		assertAction(decision.channel(Channel.EMAIL), "renewal-offer",
				"Long-standing loyal customer gets the renewal offer");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "renewal-offer",
				"Long-standing loyal customer gets the renewal offer");
	}

	@Test
	void renewalOfferRejectedInTheLastMonthIsNotRepeated() {
		Decision decision = decide(loyalCustomerWhoRejectedTheRenewal(), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "cross-sell-offer",
				"Single-product loyal customer gets a cross-sell offer");
	}

	@Test
	void singleProductLoyalCustomerGetsACrossSellOffer() {
		Decision decision = decide(customerAt(Stage.LOYALTY, 40), Channel.EMAIL, Channel.WEB);
		assertAction(decision.channel(Channel.EMAIL), "cross-sell-offer",
				"Single-product loyal customer gets a cross-sell offer");
		assertAction(decision.channel(Channel.WEB), "cross-sell-offer",
				"Single-product loyal customer gets a cross-sell offer");
	}

	@Test
	void customerWithTwoProductsGetsNoCrossSellOffer() {
		Decision decision = decide(loyalCustomerWithTwoProducts(), Channel.EMAIL);
		assertNone(decision.channel(Channel.EMAIL));
	}

	@Test
	void advocateWithoutARecentScoreGetsTheNpsSurvey() {
		// A service message: it needs no marketing consent.
		Decision decision = decide(advocateWithoutMarketingConsent(), Channel.EMAIL, Channel.WEB);
		assertAction(decision.channel(Channel.EMAIL), "feedback-survey",
				"Advocate without a recent score gets the NPS survey");
		assertAction(decision.channel(Channel.WEB), "feedback-survey",
				"Advocate without a recent score gets the NPS survey");
	}

	@Test
	void advocateWhoScoredRecentlyIsNotSurveyedAgain() {
		Decision decision = decide(passiveAdvocateWithoutMarketingConsent(), Channel.EMAIL);
		assertSuppressed(decision.channel(Channel.EMAIL), ReasonCode.NO_CONSENT);
	}

	private static CustomerContext prospectAt(Stage stage) {
		return customer().inStage("broadband", stage, 5)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.CONTACT_CENTRE)
			.context();
	}

	private static CustomerContext customerAt(Stage stage, long daysInStage) {
		return customer().inStage("broadband", stage, daysInStage)
			.grantsMarketing(Channel.WEB, Channel.APP, Channel.EMAIL, Channel.PUSH, Channel.CONTACT_CENTRE)
			.context();
	}

	private static CustomerContext newBuyerWithoutMarketingConsent() {
		return customer().inStage("broadband", Stage.PURCHASE, 1).context();
	}

	private static CustomerContext onboardingCustomerWithEmailConsent() {
		return customer().inStage("broadband", Stage.ONBOARDING, 3).grantsMarketing(Channel.EMAIL).context();
	}

	private static CustomerContext loyalCustomerWhoRejectedTheRenewal() {
		return customer().inStage("broadband", Stage.LOYALTY, 320)
			.grantsMarketing(Channel.EMAIL)
			.had("renewal-offer", Channel.EMAIL, Outcome.REJECT, 10)
			.context();
	}

	private static CustomerContext loyalCustomerWithTwoProducts() {
		return customer().inStage("broadband", Stage.LOYALTY, 40)
			.inStage("mobile", Stage.LOYALTY, 90)
			.grantsMarketing(Channel.EMAIL)
			.context();
	}

	private static CustomerContext advocateWithoutMarketingConsent() {
		return customer().inStage("broadband", Stage.ADVOCACY, 30).context();
	}

	private static CustomerContext passiveAdvocateWithoutMarketingConsent() {
		return customer().inStage("broadband", Stage.ADVOCACY, 30).answersNps(8, 20).context();
	}

}
