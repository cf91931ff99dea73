package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds counts to the rows of a count table, each row keyed by all its other columns,
 * inside a group commit's transaction. Counts are added to what is stored, never
 * replaced.
 * <ul>
 * <li>PostgreSQL: one {@code INSERT ... ON CONFLICT DO UPDATE} per row, in one batch; it
 * takes the members of a cluster writing the same rows at once.</li>
 * <li>The embedded H2 store, which has a single writer (a server refuses a cluster on it,
 * and each server writes from one group commit thread): an {@code UPDATE} of every row in
 * one batch, then an {@code INSERT} of those the update did not find in a second. H2's
 * {@code MERGE ... USING} did the same work as a join planned and run anew for every
 * row.</li>
 * </ul>
 *
 * @param <K> the key of a row
 */
final class CountRows<K> {

	/**
	 * Binds a key's columns, in the order of the key columns given, from a parameter on.
	 */
	@FunctionalInterface
	interface KeyBinder<K> {

		void bind(PreparedStatement statement, int first, K key) throws SQLException;

	}

	private final int keyColumns;

	private final KeyBinder<K> binder;

	/** PostgreSQL's upsert; null for the embedded store. */
	private final String upsert;

	private final String update;

	private final String insert;

	/**
	 * @param embedded whether the store is the embedded H2 one (single writer)
	 * @param table the table
	 * @param keys the key columns
	 * @param count the count column
	 * @param binder binds a key's columns
	 */
	CountRows(boolean embedded, String table, List<String> keys, String count, KeyBinder<K> binder) {
		this.keyColumns = keys.size();
		this.binder = binder;
		String columns = String.join(", ", keys) + ", " + count;
		String values = "?, ".repeat(keys.size()) + "?";
		this.insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
		this.update = "UPDATE " + table + " SET " + count + " = " + count + " + ? WHERE "
				+ String.join(" = ? AND ", keys) + " = ?";
		this.upsert = embedded ? null : this.insert + " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET "
				+ count + " = " + table + "." + count + " + EXCLUDED." + count;
	}

	/**
	 * Adds counts, in the map's order (members lock shared rows in one order).
	 * @param connection the transaction's connection
	 * @param rows the count to add to each row
	 * @throws SQLException when the database refuses
	 */
	void add(Connection connection, Map<K, Long> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		if (this.upsert != null) {
			insert(connection, this.upsert, rows.entrySet());
			return;
		}
		List<Map.Entry<K, Long>> order = new ArrayList<>(rows.entrySet());
		int[] updated;
		try (PreparedStatement update = connection.prepareStatement(this.update)) {
			for (Map.Entry<K, Long> row : order) {
				update.setLong(1, row.getValue());
				this.binder.bind(update, 2, row.getKey());
				update.addBatch();
			}
			updated = update.executeBatch();
		}
		List<Map.Entry<K, Long>> missing = new ArrayList<>();
		for (int i = 0; i < updated.length; i++) {
			if (updated[i] == 0) {
				missing.add(order.get(i));
			}
		}
		if (!missing.isEmpty()) {
			insert(connection, this.insert, missing);
		}
	}

	private void insert(Connection connection, String sql, Iterable<Map.Entry<K, Long>> rows) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			for (Map.Entry<K, Long> row : rows) {
				this.binder.bind(insert, 1, row.getKey());
				insert.setLong(this.keyColumns + 1, row.getValue());
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

}
