package io.nextbest.engine.context;

/** What an event did to a customer context. */
public enum EventDisposition {

	/** The event changed the context. */
	APPLIED,
	/** An event with the same id was applied before; nothing changed. */
	DUPLICATE,
	/** The context already holds newer facts about the same item; nothing changed. */
	STALE

}
