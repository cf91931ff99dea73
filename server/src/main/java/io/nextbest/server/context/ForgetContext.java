package io.nextbest.server.context;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;

import io.nextbest.engine.context.CustomerContext;

/**
 * Erases a customer on the member that owns their entry (and on its backups), and on the
 * owner queues the removal of their row in the {@link DurableContexts durable store}
 * behind the writes already queued for them, so no earlier write can bring them back. A
 * customer not in memory is looked up in the store first, so erasure finds them after a
 * restart too.
 * <p>
 * One window remains in a cluster: if the partition moved to this member while the
 * previous owner still had a write of the customer queued, and that write commits after
 * this removal, the row comes back (with no event newer than the erasure). The window is
 * one commit long, and erasure requests are rare; a re-sent {@code ForgetCustomer}
 * removes the row again.
 */
final class ForgetContext
		implements EntryProcessor<String, CustomerContext, WriteReceipt>, HazelcastInstanceAware, Serializable {

	private static final long serialVersionUID = 1L;

	private final boolean backup;

	private transient HazelcastInstance hazelcast;

	ForgetContext() {
		this(false);
	}

	private ForgetContext(boolean backup) {
		this.backup = backup;
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
		CustomerContext forgotten = entry.getValue();
		boolean existed = forgotten != null;
		if (existed) {
			entry.setValue(null);
		}
		if (this.backup) {
			return WriteReceipt.inMemory(List.of());
		}
		String customerId = entry.getKey();
		OwnedContextCache.invalidateOn(this.hazelcast, customerId);
		// The customer leaves the stock of every stage counted in; the transitions, which
		// name no one, stay.
		JourneyTally tally = existed ? JourneyCounting.forgotten(forgotten) : null;
		return WriteReceipt.queued(this.hazelcast, List.of(), existed, (durable) -> durable.delete(customerId, tally));
	}

	@Override
	public EntryProcessor<String, CustomerContext, WriteReceipt> getBackupProcessor() {
		return new ForgetContext(true);
	}

}
