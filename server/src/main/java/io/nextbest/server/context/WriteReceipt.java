package io.nextbest.server.context;

import java.util.List;
import java.util.UUID;
import java.util.function.ToLongFunction;

import com.hazelcast.core.HazelcastInstance;

import io.nextbest.engine.context.EventDisposition;

/**
 * What an entry processor that changes a context answers: what it did, and which member
 * queued the durable write under which ticket, so the caller can wait for that commit.
 * Travels in compact form ({@link WriteReceiptSerializer}).
 *
 * @param dispositions what each event of an update did, in order (none for an erasure)
 * @param existed whether there was a context (for an erasure)
 * @param member the member whose durable store queued the write, or null when there is
 * nothing to wait for (no durable store, or nothing to write)
 * @param ticket the write's ticket on that member
 */
record WriteReceipt(List<EventDisposition> dispositions, boolean existed, UUID member, long ticket) {

	/**
	 * A change with nothing to wait for.
	 * @param dispositions what each event did
	 * @return the receipt
	 */
	static WriteReceipt inMemory(List<EventDisposition> dispositions) {
		return new WriteReceipt(dispositions, true, null, 0);
	}

	/**
	 * Queues a write on the member's durable store, if it has one.
	 * @param hazelcast the member running the entry processor
	 * @param dispositions what each event did
	 * @param existed whether there was a context
	 * @param write queues the write and returns its ticket
	 * @return the receipt
	 */
	static WriteReceipt queued(HazelcastInstance hazelcast, List<EventDisposition> dispositions, boolean existed,
			ToLongFunction<DurableContexts> write) {
		DurableContexts durable = (DurableContexts) hazelcast.getUserContext().get(DurableContexts.USER_CONTEXT_KEY);
		if (durable == null) {
			return new WriteReceipt(dispositions, existed, null, 0);
		}
		return new WriteReceipt(dispositions, existed, hazelcast.getCluster().getLocalMember().getUuid(),
				write.applyAsLong(durable));
	}

	/**
	 * @return whether a durable write was queued
	 */
	boolean awaitsCommit() {
		return this.member != null;
	}

}
