package io.nextbest.facts;

/** Where a customer stands on consent for one channel and purpose. */
public enum ConsentStatus {

	/** The customer said yes. */
	GRANTED,
	/** The customer said no when asked. */
	DENIED,
	/** The customer withdrew a consent they had given. */
	REVOKED

}
