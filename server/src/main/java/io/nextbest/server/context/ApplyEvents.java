package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

	/**
	 * The journeys whose stage reached last was counted in: found by the owner, told to
	 * the backups.
	 */
	private Set<String> counted;

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
		this(events, limits, backup, Set.of());
	}

	ApplyEvents(List<ContextEvent> events, ContextLimits limits, boolean backup, Set<String> counted) {
		this.events = events;
		this.limits = limits;
		this.backup = backup;
		this.counted = counted;
	}

	Set<String> counted() {
		return this.counted;
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
		JourneyTally tally = null;
		if (context != current && !transitions.isEmpty()) {
			// Counted once, where the change is applied and written: duplicates and stale
			// events made no transition, and backups count nothing but mark their copy as
			// the owner did.
			// Without counting, the owner's set stays as built: empty.
			JourneyCounting counting = this.backup ? null : JourneyCounting.on(this.hazelcast);
			if (counting != null) {
				JourneyCounting.Counted counts = counting.count(current, context, transitions);
				tally = counts.tally();
				this.counted = counts.journeys();
			}
			context = JourneyCounting.mark(context, transitions, this.counted);
		}
		byte[] bytes = null;
		if (context != current) {
			long revision = (current != null) ? current.revision() : 0;
			context = context.withRevision(revision + 1);
			// The owner encodes the new context once, for the map's value and the
			// durable row.
			bytes = this.backup ? null : CustomerContextSerializer.encodeForMap(context);
			entry.setValue(context);
			if (!this.backup) {
				OwnedContextCache.invalidateOn(this.hazelcast, entry.getKey());
			}
		}
		CustomerContext stored = context;
		if (this.backup || stored == null) {
			return WriteReceipt.inMemory(dispositions);
		}
		JourneyTally counts = JourneyTally.withVoice(tally, voice);
		byte[] encoded = bytes;
		return WriteReceipt.queued(this.hazelcast, dispositions, true,
				(durable) -> durable.store(stored, encoded, counts));
	}

	@Override
	public EntryProcessor<String, CustomerContext, WriteReceipt> getBackupProcessor() {
		return new ApplyEvents(this.events, this.limits, true, this.counted);
	}

}
