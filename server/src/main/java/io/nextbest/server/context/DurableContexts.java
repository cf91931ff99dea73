package io.nextbest.server.context;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoader;

import io.nextbest.engine.context.CustomerContext;

/**
 * The durable side of the {@code customer-context} map, one per member.
 * <p>
 * Writing: the entry processors that change a context ({@link ApplyEvents},
 * {@link ForgetContext}) queue the new row here from the partition thread and return at
 * once with a ticket; whoever answers the caller waits for that ticket's
 * {@link GroupCommitWriter group commit} ({@link #committed}), so an RPC is acknowledged
 * only once its change is committed, while partition threads never wait on the database
 * and a commit carries every write that arrived meanwhile.
 * <p>
 * Loading is lazy: Hazelcast calls {@link #load} the first time a customer is needed, and
 * {@link #loadAllKeys()} returns nothing, so a restart serves at once.
 */
public final class DurableContexts implements MapLoader<String, CustomerContext>, AutoCloseable {

	/**
	 * The key of a member's instance in the Hazelcast user context, where entry
	 * processors find it.
	 */
	public static final String USER_CONTEXT_KEY = "nextbest.durable-contexts";

	private final ContextTable table;

	private final GroupCommitWriter writer;

	private final StoreRecovery recovery;

	private final boolean ownsRecovery;

	/**
	 * Stores contexts in a table, with a recovery of its own that reconnects nothing.
	 * @param table the table of a migrated database
	 */
	public DurableContexts(ContextTable table) {
		this(table, StoreRecovery.of(table), true);
	}

	/**
	 * Stores contexts in a table.
	 * @param table the table of a migrated database
	 * @param recovery what notices failures of the store and brings it back
	 */
	public DurableContexts(ContextTable table, StoreRecovery recovery) {
		this(table, recovery, false);
	}

	private DurableContexts(ContextTable table, StoreRecovery recovery, boolean ownsRecovery) {
		this.table = table;
		this.recovery = recovery;
		this.ownsRecovery = ownsRecovery;
		this.writer = new GroupCommitWriter(this::commit, recovery::isUp);
	}

	/**
	 * Refuses a change at once while the store is down, before it changes anything in
	 * memory: called by the entry processors on the owner.
	 * @throws DurableStoreException when the store is down
	 */
	void requireUp() {
		this.recovery.requireUp();
	}

	/**
	 * Refuses a change at once while the member's durable store is down.
	 * @param hazelcast the member running an entry processor
	 * @throws DurableStoreException when its store is down
	 */
	static void requireUpOn(HazelcastInstance hazelcast) {
		DurableContexts durable = (DurableContexts) hazelcast.getUserContext().get(USER_CONTEXT_KEY);
		if (durable != null) {
			durable.requireUp();
		}
	}

	/**
	 * Queues a context to store.
	 * @param context the new context
	 * @return the write's ticket
	 */
	long store(CustomerContext context) {
		return store(context, null);
	}

	/**
	 * Queues a context to store, and journey counts to add in the same commit.
	 * @param context the new context
	 * @param tally the counts its change made, or null
	 * @return the write's ticket
	 */
	long store(CustomerContext context, JourneyTally tally) {
		return store(context, null, tally);
	}

	/**
	 * Queues a context, and journey counts to add in the same commit.
	 * @param context the new context
	 * @param bytes its {@link ContextCodec stored form} when already encoded, else null
	 * (the writer encodes it)
	 * @param tally the counts its change made, or null
	 * @return the write's ticket
	 */
	long store(CustomerContext context, byte[] bytes, JourneyTally tally) {
		return this.writer.store(StoredContext.of(context, bytes), tally);
	}

	/**
	 * Queues the removal of a customer.
	 * @param customerId the customer
	 * @return the write's ticket
	 */
	long delete(String customerId) {
		return delete(customerId, null);
	}

	/**
	 * Queues the removal of a customer, and journey counts to add in the same commit.
	 * @param customerId the customer
	 * @param tally the counts the removal takes away, or null
	 * @return the write's ticket
	 */
	long delete(String customerId, JourneyTally tally) {
		return this.writer.delete(customerId, tally);
	}

	/**
	 * When a write of this member is committed.
	 * @param ticket the write's ticket
	 * @return completes once committed, exceptionally with a
	 * {@link DurableStoreException} when the commit failed
	 */
	CompletableFuture<Void> committed(long ticket) {
		return this.writer.committed(ticket);
	}

	@Override
	public CustomerContext load(String customerId) {
		this.recovery.requireUp();
		try {
			return this.table.load(customerId);
		}
		catch (DurableStoreException ex) {
			throw this.recovery.failed(ex);
		}
	}

	@Override
	public Map<String, CustomerContext> loadAll(Collection<String> customerIds) {
		this.recovery.requireUp();
		try {
			return this.table.loadAll(customerIds);
		}
		catch (DurableStoreException ex) {
			throw this.recovery.failed(ex);
		}
	}

	/**
	 * One group commit: refused at once while the store is down (its writes were queued
	 * before that was known), and a failure takes the store down.
	 */
	private void commit(List<StoredContext> stores, List<String> deletes, JourneyTally tally) {
		this.recovery.requireUp();
		try {
			this.table.commit(stores, deletes, tally);
		}
		catch (DurableStoreException ex) {
			throw this.recovery.failed(ex);
		}
	}

	@Override
	public Iterable<String> loadAllKeys() {
		// Lazy: no preloading at startup.
		return null;
	}

	/**
	 * @return transactions committed so far (each carries one or more writes)
	 */
	public long commits() {
		return this.writer.commits();
	}

	/**
	 * @return writes committed so far
	 */
	public long writes() {
		return this.writer.writes();
	}

	/** Commits what is queued and stops writing. */
	@Override
	public void close() {
		this.writer.close();
		if (this.ownsRecovery) {
			this.recovery.close();
		}
	}

}
