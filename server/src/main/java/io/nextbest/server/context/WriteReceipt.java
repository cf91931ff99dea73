package io.nextbest.server.context;

import java.util.UUID;
import java.util.function.ToLongFunction;

import com.hazelcast.core.HazelcastInstance;

/**
 * What an entry processor that changes a context answers: what it did, and which member
 * queued the durable write under which ticket, so the caller can wait for that commit.
 * Travels in compact form ({@link WriteReceiptSerializer}).
 *
 * @param disposition what an event did (null for an erasure)
 * @param existed whether there was a context (for an erasure)
 * @param member the member whose durable store queued the write, or null when there is
 * nothing to wait for (no durable store, or nothing to write)
 * @param ticket the write's ticket on that member
 */
record WriteReceipt(EventDisposition disposition, boolean existed, UUID member, long ticket) {

	/**
	 * A change with nothing to wait for.
	 * @param disposition what an event did
	 * @return the receipt
	 */
	static WriteReceipt inMemory(EventDisposition disposition) {
		return new WriteReceipt(disposition, true, null, 0);
	}

	/**
	 * Queues a write on the member's durable store, if it has one.
	 * @param hazelcast the member running the entry processor
	 * @param disposition what an event did
	 * @param existed whether there was a context
	 * @param write queues the write and returns its ticket
	 * @return the receipt
	 */
	static WriteReceipt queued(HazelcastInstance hazelcast, EventDisposition disposition, boolean existed,
			ToLongFunction<DurableContexts> write) {
		DurableContexts durable = (DurableContexts) hazelcast.getUserContext().get(DurableContexts.USER_CONTEXT_KEY);
		if (durable == null) {
			return new WriteReceipt(disposition, existed, null, 0);
		}
		return new WriteReceipt(disposition, existed, hazelcast.getCluster().getLocalMember().getUuid(),
				write.applyAsLong(durable));
	}

	/**
	 * @return whether a durable write was queued
	 */
	boolean awaitsCommit() {
		return this.member != null;
	}

}
