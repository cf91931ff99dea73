package io.nextbest.facts;

/** Why a contact is made. Consent is given per channel and per purpose. */
public enum Purpose {

	/**
	 * Promotion: offers, cross-sell, campaigns. Needs marketing consent on the channel.
	 */
	MARKETING,
	/** Service: case updates, onboarding help, consent requests. */
	SERVICE

}
