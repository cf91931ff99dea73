package io.nextbest.server.context;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Runs {@link EventApplier} on the member that owns the customer's entry (and again, with
 * the same inputs, on its backups).
 *
 * @param event the event
 * @param limits the bounds to prune to
 */
record ApplyEvent(ContextEvent event,
		ContextLimits limits) implements EntryProcessor<String, CustomerContext, EventDisposition> {

	@Override
	public EventDisposition process(Map.Entry<String, CustomerContext> entry) {
		EventApplier.Applied applied = EventApplier.apply(entry.getValue(), this.event, this.limits);
		if (applied.disposition() == EventDisposition.APPLIED) {
			entry.setValue(applied.context());
		}
		return applied.disposition();
	}

}
