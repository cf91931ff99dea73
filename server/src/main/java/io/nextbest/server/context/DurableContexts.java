package io.nextbest.server.context;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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

	/**
	 * Stores contexts in a table.
	 * @param table the table of a migrated database
	 */
	public DurableContexts(ContextTable table) {
		this.table = table;
		this.writer = new GroupCommitWriter(table::commit);
	}

	/**
	 * Queues a context to store.
	 * @param context the new context
	 * @return the write's ticket
	 */
	long store(CustomerContext context) {
		return this.writer.store(StoredContext.of(context));
	}

	/**
	 * Queues the removal of a customer.
	 * @param customerId the customer
	 * @return the write's ticket
	 */
	long delete(String customerId) {
		return this.writer.delete(customerId);
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
		return this.table.load(customerId);
	}

	@Override
	public Map<String, CustomerContext> loadAll(Collection<String> customerIds) {
		return this.table.loadAll(customerIds);
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
	}

}
