package io.nextbest.server.context;

import java.util.concurrent.CompletableFuture;

/** Where customer contexts live. Updates are atomic per customer. */
public interface ContextStore {

	/**
	 * The context of a customer.
	 * @param customerId the customer
	 * @return the stored context, or an empty one for an unknown customer
	 */
	CustomerContext get(String customerId);

	/**
	 * Applies an event to its customer's context, atomically on the owner of the entry.
	 * @param event a validated event
	 * @return what the event did
	 */
	default EventDisposition apply(ContextEvent event) {
		return applyAsync(event).join();
	}

	/**
	 * Applies an event without waiting.
	 * @param event a validated event
	 * @return what the event did, once done
	 */
	CompletableFuture<EventDisposition> applyAsync(ContextEvent event);

	/**
	 * Removes a customer's context.
	 * @param customerId the customer
	 * @return whether there was one
	 */
	boolean forget(String customerId);

}
