package io.nextbest.server.context;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.hazelcast.map.MapStore;

/**
 * The durable store behind the {@code customer-context} map, configured write-through:
 * Hazelcast calls {@link #store} on the partition owner inside every update, and the
 * update (and so the RPC that made it) completes only after this method returns, which is
 * after the {@link GroupCommitWriter group commit} holding the write is committed.
 * <p>
 * Loading is lazy: {@link #loadAllKeys()} returns nothing, so a restart serves at once
 * and each customer's context is read from the store the first time it is needed.
 */
public final class DurableContextMapStore implements MapStore<String, CustomerContext>, AutoCloseable {

	private final ContextTable table;

	private final GroupCommitWriter writer;

	/**
	 * Stores contexts in a table.
	 * @param table the table of a migrated database
	 */
	public DurableContextMapStore(ContextTable table) {
		this.table = table;
		this.writer = new GroupCommitWriter(table::commit);
	}

	@Override
	public void store(String customerId, CustomerContext context) {
		await(this.writer.store(context));
	}

	@Override
	public void storeAll(Map<String, CustomerContext> contexts) {
		contexts.values().stream().map(this.writer::store).toList().forEach(DurableContextMapStore::await);
	}

	@Override
	public void delete(String customerId) {
		await(this.writer.delete(customerId));
	}

	@Override
	public void deleteAll(Collection<String> customerIds) {
		customerIds.stream().map(this.writer::delete).toList().forEach(DurableContextMapStore::await);
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

	private static void await(CompletableFuture<Void> committed) {
		try {
			committed.join();
		}
		catch (CompletionException ex) {
			// Hand Hazelcast the store's own exception, so that it reaches the caller as
			// is.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
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
