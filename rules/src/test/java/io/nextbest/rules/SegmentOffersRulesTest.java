package io.nextbest.rules;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;

import static io.nextbest.rules.Customers.customer;
import static io.nextbest.rules.SampleRules.assertAction;
import static io.nextbest.rules.SampleRules.decide;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows of the decision table {@code segment-offers.drl.csv}: offers by CRM segment.
 */
class SegmentOffersRulesTest {

	@Test
	void enterpriseAdopterGetsASuccessReview() {
		Decision decision = decide(customerIn("enterprise", "cloud", Stage.ADOPTION, 30), Channel.EMAIL,
				Channel.CONTACT_CENTRE);
		assertAction(decision.channel(Channel.EMAIL), "success-review", "Enterprise adopter gets a success review");
		assertAction(decision.channel(Channel.CONTACT_CENTRE), "success-review",
				"Enterprise adopter gets a success review");
		assertThat(decision.channel(Channel.EMAIL).action().priority()).isEqualTo(67);
	}

	@Test
	void loyalEnterpriseCustomerGetsTheUpgradeOffer() {
		Decision decision = decide(customerIn("enterprise", "cloud", Stage.LOYALTY, 320), Channel.EMAIL);
		assertAction(decision.channel(Channel.EMAIL), "enterprise-upgrade-offer",
				"Loyal enterprise customer gets the upgrade offer");
		assertThat(decision.channel(Channel.EMAIL).action().priority()).isEqualTo(68);
	}

	@Test
	void loyalSmallBusinessGetsTheBundleOffer() {
		Decision decision = decide(customerIn("smb", "broadband", Stage.LOYALTY, 100), Channel.WEB);
		assertAction(decision.channel(Channel.WEB), "smb-bundle-offer", "Loyal small business gets the bundle offer");
		assertThat(decision.channel(Channel.WEB).action().priority()).isEqualTo(64);
	}

	@Test
	void aCustomerWithoutASegmentGetsNoSegmentOffer() {
		Decision decision = decide(
				customer().inStage("broadband", Stage.LOYALTY, 100).grantsMarketing(Channel.WEB).context(),
				Channel.WEB);
		assertThat(decision.channel(Channel.WEB).action().rule()).isNotIn("Loyal small business gets the bundle offer",
				"Loyal enterprise customer gets the upgrade offer");
		assertThat(decision.channel(Channel.WEB).action().definition().id()).isEqualTo("cross-sell-offer");
	}

	private static CustomerContext customerIn(String segment, String journey, Stage stage, long daysInStage) {
		return customer().inStage(journey, stage, daysInStage)
			.grantsMarketing(Channel.WEB, Channel.EMAIL, Channel.CONTACT_CENTRE)
			.profile(Map.of("segment", segment))
			.context();
	}

}
