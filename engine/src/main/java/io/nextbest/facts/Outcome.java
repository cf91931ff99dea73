package io.nextbest.facts;

/** How a customer responded to an action, or what an outbound channel did with it. */
public enum Outcome {

	/** The action was shown. */
	IMPRESSION,
	/** The customer clicked it. */
	CLICK,
	/** The customer accepted the offer. */
	ACCEPT,
	/** The customer turned it down. */
	REJECT,
	/** The customer closed it without answering. */
	DISMISS,
	/** An outbound channel sent it. */
	SENT,
	/** An outbound channel delivered it. */
	DELIVERED

}
