package io.nextbest.server.context;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;

/** Where customer contexts live. Updates are atomic per customer. */
public interface ContextStore {

	/**
	 * The context of a customer.
	 * @param customerId the customer
	 * @return the stored context, or an empty one for an unknown customer
	 */
	CustomerContext get(String customerId);

	/**
	 * The contexts of many customers at once, for bulk checks.
	 * @param customerIds the customers
	 * @return the stored contexts by customer id; unknown customers are absent
	 */
	default Map<String, CustomerContext> getAll(Collection<String> customerIds) {
		Map<String, CustomerContext> found = new HashMap<>();
		for (String customerId : customerIds) {
			CustomerContext context = get(customerId);
			if (context.isKnown()) {
				found.put(customerId, context);
			}
		}
		return found;
	}

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
