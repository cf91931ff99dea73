package io.nextbest.facts;

/**
 * Stable codes of suppressions, the same in every response, so that an email engine can
 * report why recipients were dropped.
 */
public enum ReasonCode {

	/** No granted marketing consent for the channel (or service consent withdrawn). */
	NO_CONSENT,
	/** The customer has an open service case. */
	OPEN_SERVICE_CASE,
	/** The customer recently gave a detractor score. */
	DETRACTOR,
	/** A marketer's rule suppressed the channel for another reason. */
	POLICY

}
