package io.nextbest.facts;

/** What kind of thing an action of the catalogue is. */
public enum ActionKind {

	/** Information, help, a request. */
	MESSAGE,
	/** Something the customer can accept. */
	OFFER

}
