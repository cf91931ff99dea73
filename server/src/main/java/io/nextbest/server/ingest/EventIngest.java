package io.nextbest.server.ingest;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.server.context.ContextStore;

/**
 * Where events come in, whichever call carried them (one event, or a stream of them):
 * each is applied to its customer's context, then counted in the population's responses
 * ({@link PopulationResponses}: only what was applied counts). One call for both, so that
 * no adapter forgets the count or counts twice.
 */
@Component
public class EventIngest {

	private final ContextStore contexts;

	private final PopulationResponses population;

	/**
	 * @param contexts where the events are applied
	 * @param population where applied outcomes are counted
	 */
	public EventIngest(ContextStore contexts, PopulationResponses population) {
		this.contexts = contexts;
		this.population = population;
	}

	/**
	 * Applies an event without waiting, and counts it in the population's responses once
	 * applied, on the thread that completed it.
	 * @param event a validated event
	 * @return what the event did, once applied and counted
	 */
	public CompletableFuture<EventDisposition> record(ContextEvent event) {
		return this.contexts.applyAsync(event).whenComplete((disposition, failure) -> {
			if (failure == null) {
				this.population.record(event, disposition);
			}
		});
	}

}
