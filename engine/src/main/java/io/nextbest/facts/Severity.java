package io.nextbest.facts;

/** How bad a service case is, from least to most. */
public enum Severity {

	/** A question or a minor problem. */
	LOW,
	/** Something does not work as it should. */
	MEDIUM,
	/** The customer cannot use the product. */
	HIGH,
	/** An outage or an escalated complaint. */
	CRITICAL

}
