package io.nextbest.benchmarks.store;

import java.time.Duration;
import java.time.Instant;

import io.nextbest.api.v1.Event;
import io.nextbest.benchmarks.Population;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.server.grpc.RequestMapper;

/**
 * The contexts the server builds for the {@link Population}: each customer's events, read
 * as the gRPC adapter reads them and applied by the server's own event applier, without a
 * server.
 */
final class PopulationContexts {

	private PopulationContexts() {
	}

	/**
	 * The stored contexts of the first customers of a population.
	 * @param customers how many
	 * @param now the time the histories lead up to
	 * @return customer i's context at index i
	 */
	static CustomerContext[] of(int customers, Instant now) {
		Population population = new Population(customers, now);
		CustomerContext[] contexts = new CustomerContext[customers];
		for (int i = 0; i < customers; i++) {
			CustomerContext context = CustomerContext.empty(Population.customerId(i));
			for (Event event : population.events(i)) {
				context = EventApplier
					.apply(context, RequestMapper.event(event, "event", now, Duration.ofMinutes(5)),
							ContextLimits.DEFAULTS)
					.context();
			}
			contexts[i] = context;
		}
		return contexts;
	}

}
