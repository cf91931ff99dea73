package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The table {@code customer_context} of the durable store: one row per customer, the
 * context in its {@link ContextCodec stored form}. The schema is created and migrated by
 * Flyway ({@code db/migration/<database>}); this class only reads and writes rows.
 */
public final class ContextTable {

	private static final String SELECT = "SELECT context FROM customer_context WHERE customer_id = ?";

	private static final String DELETE = "DELETE FROM customer_context WHERE customer_id = ?";

	private final DataSource dataSource;

	private final String upsert;

	private final boolean embedded;

	/**
	 * Uses the table in a migrated database.
	 * @param dataSource the database
	 */
	public ContextTable(DataSource dataSource) {
		this.dataSource = dataSource;
		String product = databaseProduct(dataSource);
		this.embedded = product.equals("H2");
		// Both statements replace the whole row; they differ only in dialect.
		this.upsert = this.embedded
				? "MERGE INTO customer_context (customer_id, context, updated_at) KEY (customer_id) VALUES (?, ?, ?)"
				: "INSERT INTO customer_context (customer_id, context, updated_at) VALUES (?, ?, ?)"
						+ " ON CONFLICT (customer_id) DO UPDATE SET context = EXCLUDED.context, updated_at = EXCLUDED.updated_at";
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
				return row.next() ? ContextCodec.decode(row.getBytes(1)) : null;
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not read the context of a customer", ex);
		}
	}

	Map<String, CustomerContext> loadAll(Collection<String> customerIds) {
		Map<String, CustomerContext> found = new HashMap<>();
		for (String customerId : customerIds) {
			CustomerContext context = load(customerId);
			if (context != null) {
				found.put(customerId, context);
			}
		}
		return found;
	}

	/**
	 * Writes contexts and removes customers in one transaction.
	 * @param writes contexts to store, by customer
	 * @param deletes customers to remove
	 */
	void commit(Collection<CustomerContext> writes, Collection<String> deletes) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				if (!writes.isEmpty()) {
					try (PreparedStatement upsert = connection.prepareStatement(this.upsert)) {
						for (CustomerContext context : writes) {
							upsert.setString(1, context.customerId());
							upsert.setBytes(2, ContextCodec.encode(context));
							upsert.setLong(3, context.updatedAt());
							upsert.addBatch();
						}
						upsert.executeBatch();
					}
				}
				if (!deletes.isEmpty()) {
					try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
						for (String customerId : deletes) {
							delete.setString(1, customerId);
							delete.addBatch();
						}
						delete.executeBatch();
					}
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

	private static String databaseProduct(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not reach the durable store", ex);
		}
	}

}
