package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.context.EventDisposition;

/**
 * Runs {@link EventApplier} for one or more events of one customer, in order, on the
 * member that owns the customer's entry, and again, with the same inputs, on its backups.
 * The context is read and written once for all of them. On the owner it drops the
 * member's {@link OwnedContextCache cached copy} of a context it changes, and it queues
 * the resulting context for the member's {@link DurableContexts durable store} and
 * returns the write's ticket without waiting: the caller waits for the commit, the
 * partition thread does not.
 * <p>
 * A stage change it applies is counted for the journey analytics
 * ({@link JourneyCounting}) and the counts go to the durable store with the context, in
 * the same commit, as are the survey answers and recovery actions it applies
 * ({@link VoiceCounting}).
 * <p>
 * A batch where every event is a duplicate or stale queues the context as it is too: the
 * events it repeats may have been applied in memory by a call that failed before its
 * commit, and the retry must not be acknowledged before that state is durable. A row is
 * never replaced by a lower revision, so the rewrite costs a write and nothing else.
 */
final class ApplyEvents implements EntryProcessor<String, CustomerContext, WriteReceipt>, HazelcastInstanceAware {

	private final List<ContextEvent> events;

	private final ContextLimits limits;

	private final boolean backup;

	private transient HazelcastInstance hazelcast;

	/**
	 * The update run on the owner.
	 * @param events events of one customer, in the order to apply them
	 * @param limits the bounds to prune to
	 */
	ApplyEvents(List<ContextEvent> events, ContextLimits limits) {
		this(events, limits, false);
	}

	ApplyEvents(List<ContextEvent> events, ContextLimits limits, boolean backup) {
		this.events = events;
		this.limits = limits;
		this.backup = backup;
	}

	List<ContextEvent> events() {
		return this.events;
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
		if (!this.backup) {
			DurableContexts.requireUpOn(this.hazelcast);
		}
		CustomerContext current = entry.getValue();
		CustomerContext context = current;
		List<EventDisposition> dispositions = new ArrayList<>(this.events.size());
		List<StageChange> transitions = List.of();
		VoiceTally voice = null;
		for (ContextEvent event : this.events) {
			EventApplier.Applied applied = EventApplier.apply(context, event, this.limits);
			dispositions.add(applied.disposition());
			if (applied.disposition() == EventDisposition.APPLIED) {
				if (!this.backup) {
					voice = VoiceCounting.count(this.hazelcast, voice, context, event, applied.context());
				}
				context = applied.context();
				if (applied.transition() != null) {
					transitions = (transitions.isEmpty()) ? new ArrayList<>(2) : transitions;
					transitions.add(applied.transition());
				}
			}
		}
		if (context != current) {
			long revision = (current != null) ? current.revision() : 0;
			context = context.withRevision(revision + 1);
			entry.setValue(context);
			if (!this.backup) {
				OwnedContextCache.invalidateOn(this.hazelcast, entry.getKey());
			}
		}
		CustomerContext stored = context;
		if (this.backup || stored == null) {
			return WriteReceipt.inMemory(dispositions);
		}
		// Counted once, where the change is applied and written: duplicates and stale
		// events made no transition, and backups count nothing.
		JourneyCounting counting = transitions.isEmpty() ? null : JourneyCounting.on(this.hazelcast);
		JourneyTally tally = JourneyTally.withVoice((counting != null) ? counting.count(stored, transitions) : null,
				voice);
		return WriteReceipt.queued(this.hazelcast, dispositions, true, (durable) -> durable.store(stored, tally));
	}

	@Override
	public EntryProcessor<String, CustomerContext, WriteReceipt> getBackupProcessor() {
		return new ApplyEvents(this.events, this.limits, true);
	}

}
