package io.nextbest.server.context;

import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;

/**
 * Runs {@link EventApplier} on the member that owns the customer's entry, and again, with
 * the same inputs, on its backups. On the owner it also queues the resulting context for
 * the member's {@link DurableContexts durable store} and returns the write's ticket
 * without waiting: the caller waits for the commit, the partition thread does not.
 * <p>
 * A duplicate or stale event queues the context as it is too: the event it repeats may
 * have been applied in memory by a call that failed before its commit, and the retry must
 * not be acknowledged before that state is durable. A row is never replaced by a lower
 * revision, so the rewrite costs a write and nothing else.
 */
final class ApplyEvent implements EntryProcessor<String, CustomerContext, WriteReceipt>, HazelcastInstanceAware {

	private final ContextEvent event;

	private final ContextLimits limits;

	private final boolean backup;

	private transient HazelcastInstance hazelcast;

	/**
	 * The update run on the owner.
	 * @param event the event
	 * @param limits the bounds to prune to
	 */
	ApplyEvent(ContextEvent event, ContextLimits limits) {
		this(event, limits, false);
	}

	ApplyEvent(ContextEvent event, ContextLimits limits, boolean backup) {
		this.event = event;
		this.limits = limits;
		this.backup = backup;
	}

	ContextEvent event() {
		return this.event;
	}

	ContextLimits limits() {
		return this.limits;
	}

	boolean isBackup() {
		return this.backup;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
		this.hazelcast = hazelcastInstance;
	}

	@Override
	public WriteReceipt process(Map.Entry<String, CustomerContext> entry) {
		CustomerContext current = entry.getValue();
		EventApplier.Applied applied = EventApplier.apply(current, this.event, this.limits);
		CustomerContext kept = current;
		if (applied.disposition() == EventDisposition.APPLIED) {
			long revision = (current != null) ? current.revision() : 0;
			kept = applied.context().withRevision(revision + 1);
			entry.setValue(kept);
		}
		CustomerContext stored = kept;
		if (this.backup || stored == null) {
			return WriteReceipt.inMemory(applied.disposition());
		}
		return WriteReceipt.queued(this.hazelcast, applied.disposition(), true, (durable) -> durable.store(stored));
	}

	@Override
	public EntryProcessor<String, CustomerContext, WriteReceipt> getBackupProcessor() {
		return new ApplyEvent(this.event, this.limits, true);
	}

}
