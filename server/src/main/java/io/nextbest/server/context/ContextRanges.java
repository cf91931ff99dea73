package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.nextbest.engine.context.CustomerContext;

/**
 * Reads every stored context of the durable store, in key ranges that separate threads
 * read side by side: for population-wide work (a what-if) that must not go through the
 * context map, which loads lazily and would pull the whole population onto the heap. Each
 * range is read in pages by key (never by offset), so a page costs the same at the end of
 * the table as at its start, and a connection is held only for one page.
 */
public final class ContextRanges {

	private static final String COUNT = "SELECT COUNT(*) FROM customer_context";

	private static final String NTH_KEY = "SELECT customer_id FROM customer_context ORDER BY customer_id"
			+ " LIMIT 1 OFFSET ?";

	private final DataSource dataSource;

	/**
	 * Reads the table {@code customer_context} of a migrated database.
	 * @param dataSource the database
	 */
	public ContextRanges(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * @return how many customers the store holds
	 */
	public long count() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement count = connection.prepareStatement(COUNT);
				ResultSet row = count.executeQuery()) {
			row.next();
			return row.getLong(1);
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not count the stored customers", ex);
		}
	}

	/**
	 * Splits the keys into ranges of about as many customers each, the first open below,
	 * the last open above, together covering every key.
	 * @param stored how many customers the store holds ({@link #count()})
	 * @param parts how many ranges at most
	 * @return the ranges, in key order; one range of everything for an empty store
	 */
	public List<KeyRange> split(long stored, int parts) {
		List<String> bounds = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement nth = connection.prepareStatement(NTH_KEY)) {
			for (int i = 1; i < parts && stored > 0; i++) {
				nth.setLong(1, stored * i / parts);
				try (ResultSet row = nth.executeQuery()) {
					if (row.next() && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(row.getString(1)))) {
						bounds.add(row.getString(1));
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not split the stored customers into ranges", ex);
		}
		List<KeyRange> ranges = new ArrayList<>(bounds.size() + 1);
		String from = null;
		for (String bound : bounds) {
			ranges.add(new KeyRange(from, bound));
			from = bound;
		}
		ranges.add(new KeyRange(from, null));
		return ranges;
	}

	/**
	 * Reads the contexts of a key range, in key order, a page at a time.
	 * @param range the range
	 * @param pageSize customers per query
	 * @param sink told each page of contexts
	 * @param cancelled asked between pages whether to stop
	 * @return how many contexts were read
	 */
	public long read(KeyRange range, int pageSize, Consumer<List<CustomerContext>> sink, BooleanSupplier cancelled) {
		return read(range, null, pageSize, sink, cancelled);
	}

	/**
	 * Reads the contexts of a key range after a key, in key order, a page at a time.
	 * @param range the range
	 * @param start the key to go on after, or null to start at the range's beginning
	 * @param pageSize customers per query
	 * @param sink told each page of contexts
	 * @param cancelled asked between pages whether to stop
	 * @return how many contexts were read
	 */
	public long read(KeyRange range, String start, int pageSize, Consumer<List<CustomerContext>> sink,
			BooleanSupplier cancelled) {
		return readRows(range, start, pageSize, (rows) -> {
			List<CustomerContext> page = new ArrayList<>(rows.size());
			for (Row row : rows) {
				page.add(ContextCodec.decode(row.context()).withRevision(row.revision()));
			}
			sink.accept(page);
		}, cancelled);
	}

	/**
	 * Reads the stored form of the contexts of a key range ({@link ContextCodec}), in key
	 * order, a page at a time: for work that decodes them elsewhere (a what-if's worker
	 * process).
	 * @param range the range
	 * @param pageSize customers per query
	 * @param sink told each page of stored contexts
	 * @param cancelled asked between pages whether to stop
	 * @return how many contexts were read
	 */
	public long readStored(KeyRange range, int pageSize, Consumer<List<byte[]>> sink, BooleanSupplier cancelled) {
		return readRows(range, null, pageSize, (rows) -> {
			List<byte[]> page = new ArrayList<>(rows.size());
			for (Row row : rows) {
				page.add(row.context());
			}
			sink.accept(page);
		}, cancelled);
	}

	private long readRows(KeyRange range, String start, int pageSize, Consumer<List<Row>> sink,
			BooleanSupplier cancelled) {
		long read = 0;
		String after = start;
		boolean more = true;
		while (more && !cancelled.getAsBoolean()) {
			List<Row> page = page(range, after, pageSize);
			if (!page.isEmpty()) {
				sink.accept(page);
			}
			read += page.size();
			more = page.size() == pageSize;
			if (more) {
				after = page.get(page.size() - 1).customerId();
			}
		}
		return read;
	}

	private List<Row> page(KeyRange range, String after, int pageSize) {
		StringBuilder sql = new StringBuilder(
				"SELECT customer_id, context, revision FROM customer_context WHERE 1 = 1");
		List<String> parameters = new ArrayList<>(3);
		String lower = (after != null) ? after : range.from();
		if (lower != null) {
			// The range's own lower bound is its first key; a page's is the last key
			// read.
			sql.append((after != null) ? " AND customer_id > ?" : " AND customer_id >= ?");
			parameters.add(lower);
		}
		if (range.to() != null) {
			sql.append(" AND customer_id < ?");
			parameters.add(range.to());
		}
		sql.append(" ORDER BY customer_id LIMIT ?");
		List<Row> page = new ArrayList<>(pageSize);
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				select.setString(i + 1, parameters.get(i));
			}
			select.setInt(parameters.size() + 1, pageSize);
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					page.add(new Row(rows.getString(1), rows.getBytes(2), rows.getLong(3)));
				}
			}
		}
		catch (SQLException ex) {
			throw new DurableStoreException("Could not read stored contexts", ex);
		}
		return page;
	}

	/** A stored row. */
	private record Row(String customerId, byte[] context, long revision) {
	}

	/**
	 * A range of customer ids.
	 *
	 * @param from the first id, inclusive; null for no lower bound
	 * @param to the end, exclusive; null for no upper bound
	 */
	public record KeyRange(String from, String to) {
	}

}
