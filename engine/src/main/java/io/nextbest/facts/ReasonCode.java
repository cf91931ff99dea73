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
	POLICY,
	/**
	 * The customer already had as many marketing contacts as the contact policy allows
	 * (on the channel or across channels, per day or per week).
	 */
	FREQUENCY_CAP,
	/**
	 * The customer rejected, dismissed or accepted the action recently, on any channel.
	 */
	COOL_DOWN,
	/** It is night in the customer's time zone and the channel sends to their device. */
	QUIET_HOURS,
	/** The action was shown or sent too often without a response. */
	IMPRESSION_LIMIT,
	/** The customer accepted this one-time offer already. */
	ALREADY_ACCEPTED

}
