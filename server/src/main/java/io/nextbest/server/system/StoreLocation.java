package io.nextbest.server.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Where the durable store is, as the startup log says it: the absolute file of the
 * embedded database, so that a server started from another directory cannot open an empty
 * database unnoticed, or a server's JDBC URL without its parameters, which may hold a
 * password.
 */
final class StoreLocation {

	private StoreLocation() {
	}

	static String of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return describe(connection.getMetaData().getURL());
		}
		catch (SQLException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

	/**
	 * @param url a JDBC URL
	 * @return the embedded database's absolute file, or the URL up to its parameters
	 */
	static String describe(String url) {
		if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
			return "in memory (" + url.split(";", 2)[0] + "): nothing survives a restart";
		}
		Optional<Path> file = embeddedFile(url);
		return file.map((path) -> "file " + path).orElseGet(() -> url.split("[?;]", 2)[0]);
	}

	/**
	 * The file of an embedded H2 database, with H2's file system prefixes ({@code file:},
	 * {@code nio:}, ...) taken off.
	 * @param url a JDBC URL
	 * @return the absolute file, or nothing for a database in memory or on a server
	 */
	static Optional<Path> embeddedFile(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
				|| lower.startsWith("jdbc:h2:ssl:")) {
			return Optional.empty();
		}
		String name = url.substring("jdbc:h2:".length()).split(";", 2)[0];
		// File system prefixes have two letters or more; one letter is a Windows drive.
		while (name.matches("(?s)[A-Za-z][A-Za-z0-9]+:.*")) {
			name = name.substring(name.indexOf(':') + 1);
		}
		if (name.startsWith("~")) {
			name = System.getProperty("user.home") + name.substring(1);
		}
		return Optional.of(Path.of(name + ".mv.db").toAbsolutePath().normalize());
	}

}
