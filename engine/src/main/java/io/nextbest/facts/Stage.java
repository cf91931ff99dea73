package io.nextbest.facts;

/**
 * The ten stages of the customer journey map, in order: five of acquisition, five of
 * engagement.
 */
public enum Stage {

	/** A target who may have heard of the product. */
	AWARENESS,
	/** Shows interest. */
	ENGAGED,
	/** Marketing-qualified lead. */
	MARKETING_QUALIFIED,
	/** Sales-accepted; evaluating the product. */
	EVALUATION,
	/** Opportunity won. */
	PURCHASE,
	/** Getting started after the purchase. */
	ONBOARDING,
	/** Using the product regularly. */
	ADOPTION,
	/** Getting the value they bought it for. */
	VALUE_REALIZATION,
	/** Renewing or buying again. */
	LOYALTY,
	/** Recommending the product. */
	ADVOCACY;

	/**
	 * Whether the stage comes after the sale.
	 * @return true for onboarding, adoption, value realization, loyalty and advocacy
	 */
	public boolean isEngagement() {
		return ordinal() >= ONBOARDING.ordinal();
	}

}
