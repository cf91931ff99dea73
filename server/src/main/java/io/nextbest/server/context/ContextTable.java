package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.nextbest.engine.context.CustomerContext;

/**
 * The table {@code customer_context} of the durable store: one row per customer, the
 * context in its {@link ContextCodec stored form}. The schema is created and migrated by
 * Flyway ({@code db/migration/<database>}); this class only reads and writes rows.
 */
public final class ContextTable {

	private static final String SELECT = "SELECT context, revision FROM customer_context WHERE customer_id = ?";

	private static final String PROBE = "UPDATE store_probe SET checked_at = ? WHERE id = 1";

	private static final String DELETE = "DELETE FROM customer_context WHERE customer_id = ?";

	/** Customers read by one query of {@link #loadAll}. */
	private static final int LOAD_CHUNK = 500;

	private final DataSource dataSource;

	private final String upsert;

	private final boolean embedded;

	private final JourneyCountTables journeyCounts;

	private final VoiceCountTables voiceCounts;

	/**
	 * Uses the table in a migrated database.
	 * @param dataSource the database
	 */
	public ContextTable(DataSource dataSource) {
		this.dataSource = dataSource;
		String product = databaseProduct(dataSource);
		this.embedded = product.equals("H2");
		// Both statements replace the whole row. On the shared database of a cluster, two
		// members may both have a write of one customer in flight (the members that owned
		// the partition before and after a migration): there a row is only replaced by a
		// higher revision. The embedded database serves a single member, whose one writer
		// commits each customer's writes in order.
		this.upsert = this.embedded
				? "MERGE INTO customer_context (customer_id, context, updated_at, revision) KEY (customer_id)"
						+ " VALUES (?, ?, ?, ?)"
				: "INSERT INTO customer_context (customer_id, context, updated_at, revision) VALUES (?, ?, ?, ?)"
						+ " ON CONFLICT (customer_id) DO UPDATE SET context = EXCLUDED.context,"
						+ " updated_at = EXCLUDED.updated_at, revision = EXCLUDED.revision"
						+ " WHERE customer_context.revision < EXCLUDED.revision";
		this.journeyCounts = new JourneyCountTables(this.embedded);
		this.voiceCounts = new VoiceCountTables(this.embedded);
	}

	/**
	 * Whether the database is the embedded file database, which only one member can use.
	 * @return true for H2
	 */
	public boolean isEmbedded() {
		return this.embedded;
	}

	CustomerContext load(String customerId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(SELECT)) {
			select.setString(1, customerId);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? ContextCodec.decode(row.getBytes(1)).withRevision(row.getLong(2)) : null;
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not read the context of a customer", ex);
		}
	}

	Map<String, CustomerContext> loadAll(Collection<String> customerIds) {
		Map<String, CustomerContext> found = new HashMap<>();
		List<String> ids = List.copyOf(customerIds);
		try (Connection connection = this.dataSource.getConnection()) {
			for (int from = 0; from < ids.size(); from += LOAD_CHUNK) {
				List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOAD_CHUNK));
				String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
				try (PreparedStatement select = connection.prepareStatement(
						"SELECT customer_id, context, revision FROM customer_context WHERE customer_id IN ("
								+ placeholders + ")")) {
					for (int i = 0; i < chunk.size(); i++) {
						select.setString(i + 1, chunk.get(i));
					}
					try (ResultSet rows = select.executeQuery()) {
						while (rows.next()) {
							found.put(rows.getString(1),
									ContextCodec.decode(rows.getBytes(2)).withRevision(rows.getLong(3)));
						}
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not read the contexts of customers", ex);
		}
		return found;
	}

	/**
	 * Removes customers, then writes contexts, in one transaction.
	 * @param writes rows to store, at most one per customer
	 * @param deletes customers to remove
	 */
	void commit(Collection<StoredContext> writes, Collection<String> deletes) {
		commit(writes, deletes, null);
	}

	/**
	 * Removes customers, then writes contexts and adds journey counts, in one
	 * transaction: the counts are exactly those of the changes committed.
	 * @param writes rows to store, at most one per customer
	 * @param deletes customers to remove
	 * @param tally journey counts to add, or null
	 */
	void commit(Collection<StoredContext> writes, Collection<String> deletes, JourneyTally tally) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				if (!deletes.isEmpty()) {
					try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
						for (String customerId : deletes) {
							delete.setString(1, customerId);
							delete.addBatch();
						}
						delete.executeBatch();
					}
				}
				if (!writes.isEmpty()) {
					try (PreparedStatement upsert = connection.prepareStatement(this.upsert)) {
						for (StoredContext row : writes) {
							upsert.setString(1, row.customerId());
							upsert.setBytes(2, row.encoded());
							upsert.setLong(3, row.updatedAt());
							upsert.setLong(4, row.revision());
							upsert.addBatch();
						}
						upsert.executeBatch();
					}
				}
				if (tally != null && !tally.isEmpty()) {
					this.journeyCounts.add(connection, tally);
					this.voiceCounts.add(connection, tally.voice());
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not commit contexts to the durable store", ex);
		}
	}

	/**
	 * Commits a test write: whether the store takes commits again after a failure.
	 * @throws DurableStoreException when it does not
	 */
	void probe() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement update = connection.prepareStatement(PROBE)) {
			update.setLong(1, System.currentTimeMillis());
			update.executeUpdate();
		}
		catch (SQLException ex) {
			throw new DurableStoreException("The durable store did not take a test commit", ex);
		}
	}

	/**
	 * Closes the embedded database, so that the next connection opens its file anew;
	 * nothing for a database server.
	 */
	void closeEmbedded() {
		if (!this.embedded) {
			return;
		}
		try (Connection connection = this.dataSource.getConnection();
				Statement shutdown = connection.createStatement()) {
			shutdown.execute("SHUTDOWN");
		}
		catch (SQLException ex) {
			// Already closed, or it cannot be opened: the probe's test commit says which.
		}
	}

	private static String databaseProduct(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not reach the durable store", ex);
		}
	}

}
