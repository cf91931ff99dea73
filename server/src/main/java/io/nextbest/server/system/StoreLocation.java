package io.nextbest.server.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

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
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:h2:mem:")) {
			return "in memory (" + url.split(";", 2)[0] + "): nothing survives a restart";
		}
		String file = null;
		if (lower.startsWith("jdbc:h2:file:")) {
			file = url.substring("jdbc:h2:file:".length());
		}
		else if (lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:")
				&& !lower.startsWith("jdbc:h2:ssl:")) {
			file = url.substring("jdbc:h2:".length());
		}
		if (file != null) {
			String name = file.split(";", 2)[0];
			if (name.startsWith("~")) {
				name = System.getProperty("user.home") + name.substring(1);
			}
			return "file " + Path.of(name + ".mv.db").toAbsolutePath().normalize();
		}
		return url.split("[?;]", 2)[0];
	}

}
